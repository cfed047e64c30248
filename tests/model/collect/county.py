"""A county of 20 units for the collecting office's tests: 10 townships and 10 departments on the roster, 18 files
received (two missing), two of them drafts, one file named with the city before its name, one file of a unit not
on the roster."""

from __future__ import annotations

from pathlib import Path

from model.collect.roster import Expected, Workspace, save_workspace
from model.exchange.store import load, save
from tests.conftest import ROOT_DIR

EXAMPLE = ROOT_DIR / "resources" / "examples" / "example-2021.json"
TOWNS = ["城关镇", "东岭镇", "西河镇", "南山乡", "北坪乡", "清水镇", "石门乡", "柳溪镇", "桃源乡", "白马镇"]
OFFICES = ["县自然资源局", "县教育局", "县公安局", "县民政局", "县财政局", "县人社局", "县住建局", "县交通局",
           "县农业农村局", "县卫健委"]
MISSING = ["桃源乡", "县卫健委"]
DRAFTS = ["东岭镇", "县公安局"]


def make_county(folder: Path) -> Workspace:
    folder.mkdir(parents=True, exist_ok=True)
    units = [Expected(t, "township", "青山县") for t in TOWNS] + [Expected(f"青山{o}", "department", "青山县",
                                                                        f"联系人{k}号 0571-8800{k:04d}")
                                                               for k, o in enumerate(OFFICES)]
    base = load(EXAMPLE)
    for k, u in enumerate(units):
        if u.name in MISSING or u.name.removeprefix("青山") in MISSING:
            continue
        doc = load(EXAMPLE)
        doc.unit.name = f"浙江省杭州市{u.name}" if u.name == "城关镇" else u.name  # named with its province and city
        doc.values["n1.zrr"] = int(base.values["n1.zrr"]) + k  # type: ignore[call-overload]
        doc.values["n1.zj"] = int(base.values["n1.zj"]) + k  # type: ignore[call-overload]
        doc.values["r1.zrr"] = int(base.values["r1.zrr"]) + k  # type: ignore[call-overload]
        doc.values["r1.zj"] = int(base.values["r1.zj"]) + k  # type: ignore[call-overload]
        doc.values["r7.zrr"] = int(base.values["r7.zrr"]) + k  # type: ignore[call-overload]
        doc.values["r7.zj"] = int(base.values["r7.zj"]) + k  # type: ignore[call-overload]
        if u.name.removeprefix("青山") in DRAFTS or u.name in DRAFTS:
            doc.values["n1.zj"] = 999  # a total that is not the sum of its parts
        save(doc, folder / f"{k + 1:02d}_{u.name}.json")
    stray = load(EXAMPLE)
    stray.unit.name = "邻县文化局"
    save(stray, folder / "99_邻县文化局.json")
    ws = Workspace("青山县人民政府办公室", 2023, units)
    save_workspace(ws, folder / "汇总.xxgk-sum")
    return ws
