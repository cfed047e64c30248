"""The core: templates, expressions, rules, values and documents. No Qt; imports nothing else of model."""
