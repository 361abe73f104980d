; Inno Setup 6 script for SafeHaven on Windows.
; Build the bundle first on a Windows machine:  make package   (or: pyinstaller packaging\safehaven.spec)
; then:  iscc /DAppVersion=0.1.0 packaging\windows\safehaven.iss
; Output: dist\SafeHaven-<version>-windows-x64-setup.exe. Signing: see README.md beside this file.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "SafeHaven"
#define AppExe "safehaven.exe"
#define Root ".."

[Setup]
AppId={{7D3C2B0E-5A4F-4E57-9C1D-2F6B8A0E4C19}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=SafeHaven
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Per-machine by default; an office manager without admin rights may choose "just for me".
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0.17763
OutputDir={#Root}\..\dist
OutputBaseFilename={#AppName}-{#AppVersion}-windows-x64-setup
SetupIconFile={#Root}\..\resources\icons\app\safehaven.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Signing (only when the build machine has the certificate; see README.md):
;   iscc /Ssigntool="signtool sign /fd SHA256 /tr http://timestamp.example /td SHA256 $f" ...
#ifdef SignTool
SignTool=signtool
SignedUninstaller=yes
#endif

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "es"; MessagesFile: "compiler:Languages\Spanish.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#Root}\..\dist\safehaven\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
; The executable is also the command line; shortcuts open the window (`gui`) with no console
; flashing up thanks to `runminimized`.
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; Parameters: "gui"; IconFilename: "{app}\{#AppExe}"; Flags: runminimized
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Parameters: "gui"; Tasks: desktopicon; Flags: runminimized

[Run]
Filename: "{app}\{#AppExe}"; Parameters: "gui"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent runminimized

; The vault lives in the user's AppData folder (or wherever the administrator put it) and is
; NEVER removed by the uninstaller: survivors' records must not disappear with the program.
