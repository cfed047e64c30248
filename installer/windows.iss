; Inno Setup script of the Windows installer: iscc installer\windows.iss (after `uv run installer/build.py` on
; Windows made build\dist\gov-disclosure-stats\ from the same PyInstaller spec as the Linux package).
; Installs per user (no administrator rights needed: clerks do not administer their computers), adds a Start-menu
; entry and registers the .xxgk file type so a double-click opens a document.

#define AppName "政府信息公开统计表"
#define AppId "gov-disclosure-stats"
#define AppVersion "0.2.0"
#define AppExe "gov-disclosure-stats.exe"

[Setup]
AppId={{6C1F4E52-7B0E-4D5B-9C6A-0B1D2E3F4A5B}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher={#AppName}
DefaultDirName={autopf}\{#AppId}
DefaultGroupName={#AppName}
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
OutputDir=..\build
OutputBaseFilename={#AppId}-{#AppVersion}-setup
SetupIconFile=gov-disclosure-stats.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2/max
SolidCompression=yes
ChangesAssociations=yes
WizardStyle=modern
ArchitecturesInstallIn64BitMode=x64compatible

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Files]
Source: "..\build\dist\{#AppId}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{group}\卸载{#AppName}"; Filename: "{uninstallexe}"

[Registry]
Root: HKA; Subkey: "Software\Classes\.xxgk"; ValueType: string; ValueName: ""; ValueData: "GovDisclosureStats.Document"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.xxgk"; ValueType: string; ValueName: "Content Type"; ValueData: "application/x-gov-disclosure-stats"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\GovDisclosureStats.Document"; ValueType: string; ValueName: ""; ValueData: "{#AppName}"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\GovDisclosureStats.Document\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKA; Subkey: "Software\Classes\GovDisclosureStats.Document\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""

[Run]
Filename: "{app}\{#AppExe}"; Description: "启动{#AppName}"; Flags: nowait postinstall skipifsilent
