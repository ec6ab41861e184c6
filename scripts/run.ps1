# Start safe-session from this folder on Windows, installing it into .venv first when needed:
# the same as scripts/run on Linux and macOS. From PowerShell, in this folder:
#
#     powershell -ExecutionPolicy Bypass -File scripts\run.ps1            # the checks, on screen
#     powershell -ExecutionPolicy Bypass -File scripts\run.ps1 after      # after the session
#
# It finds Python 3.11 or newer ($env:PYTHON, else the py launcher, else python), makes .venv
# again when an earlier try left it broken (no pip, another Python, half made), installs again
# when pyproject.toml changed, and says each step in one line. Written for Windows PowerShell
# 5.1 as well as PowerShell 7, in plain ASCII (5.1 reads a script without a BOM as ANSI).

$ScriptArgs = $args
$ErrorActionPreference = 'Continue'  # native tools report through exit codes, read below
Set-Location (Split-Path -Parent $PSScriptRoot)
$Venv = '.venv'
$VenvPython = Join-Path $Venv 'Scripts\python.exe'
$Marker = Join-Path $Venv '.installed'
$Spec = '.'

function Say([string]$Text) { [Console]::Error.WriteLine($Text) }
function Fail([string]$Text) {
    [Console]::Error.WriteLine("safe-session: $Text")
    exit 1
}

# "3.12" for a Python command (an array: the program, then its first arguments), or $null.
# Python code passed to a program has no double quotes: Windows PowerShell 5.1 would mangle them.
function Get-MajorMinor([string[]]$Command) {
    $exe = $Command[0]
    $rest = @($Command | Select-Object -Skip 1)
    if ($exe -match '[\\/]') {
        if (-not (Test-Path $exe)) { return $null }
    } elseif (-not (Get-Command $exe -ErrorAction SilentlyContinue)) {
        return $null
    }
    $out = & $exe @rest -I -S -c 'import sys; print(*sys.version_info[:2], sep=chr(46))' 2>$null
    if ($LASTEXITCODE -ne 0 -or -not $out) { return $null }
    return ([string]$out).Trim()
}

function Test-Recent([string]$Version) {
    if (-not $Version) { return $false }
    return ([version]$Version) -ge ([version]'3.11')
}

# The Python to make .venv with.
function Find-Python {
    if ($env:PYTHON) {
        $found = Get-MajorMinor @($env:PYTHON)
        if (-not (Test-Recent $found)) {
            Fail "PYTHON=$($env:PYTHON) is not Python 3.11 or newer, which safe-session needs."
        }
        return , @($env:PYTHON)
    }
    $candidates = @(
        @('py', '-3.14'), @('py', '-3.13'), @('py', '-3.12'), @('py', '-3.11'),
        @('python'), @('python3')
    )
    foreach ($candidate in $candidates) {
        # The Microsoft Store's "python" stand-in prints a hint and fails: it is skipped here.
        if (Test-Recent (Get-MajorMinor $candidate)) { return , $candidate }
    }
    Fail ('safe-session needs Python 3.11 or newer: install it from python.org (tick ' +
        '"Add python.exe to PATH") or the Microsoft Store, then run this again.')
}

# Why .venv cannot be used as it is, or $null when it is healthy; -Quick leaves out asking pip.
function Get-VenvProblem([switch]$Quick) {
    if (-not (Test-Path $Venv)) { return $null }
    if (-not (Test-Path $VenvPython)) { return 'has no Scripts\python.exe' }
    $have = Get-MajorMinor @($VenvPython)
    if (-not $have) { return 'holds a python that does not start' }
    if (-not (Test-Recent $have)) { return "was made with Python $have, older than 3.11" }
    $cfg = $null
    $cfgPath = Join-Path $Venv 'pyvenv.cfg'
    if (Test-Path $cfgPath) {
        foreach ($line in Get-Content $cfgPath) {
            if ($line -match '^version[_a-z]*\s*=\s*(\d+\.\d+)') { $cfg = $Matches[1]; break }
        }
    }
    if ($cfg -ne $have) { return "was made for Python $cfg but its python is $have" }
    if ($env:PYTHON -and ((Get-MajorMinor @($env:PYTHON)) -ne $have)) {
        return "holds Python $have, not PYTHON=$($env:PYTHON)"
    }
    if (-not $Quick) {
        & $VenvPython -m pip --version *> $null
        if ($LASTEXITCODE -ne 0) { return 'has no pip' }
    }
    return $null
}

function Get-Fingerprint {
    $hash = (Get-FileHash -Algorithm SHA256 'pyproject.toml').Hash
    return "$Spec $(Get-MajorMinor @($VenvPython)) $hash"
}

function New-Venv([string[]]$Python) {
    $exe = $Python[0]
    $rest = @($Python | Select-Object -Skip 1)
    & $exe @rest -c 'import venv, ensurepip' *> $null
    if ($LASTEXITCODE -ne 0) {
        Fail ("this Python cannot make a virtual environment with pip; install Python " +
            "from python.org (it includes both), then run this again.")
    }
    $log = & $exe @rest -m venv $Venv 2>&1
    if ($LASTEXITCODE -ne 0 -or -not (Test-Path $VenvPython)) {
        if (Test-Path $Venv) { Remove-Item -Recurse -Force $Venv }
        $log | Select-Object -Last 5 | ForEach-Object { Say "$_" }
        Fail 'making the .venv folder failed (the message above says why); fix that and run this again.'
    }
}

$ready = (Test-Path $Marker) -and (-not (Get-VenvProblem -Quick)) -and
    ((Get-Content -Raw $Marker).Trim() -eq (Get-Fingerprint))
if (-not $ready) {
    $problem = Get-VenvProblem
    if (-not (Test-Path $Venv)) {
        Say 'Setting up safe-session (first run, about a minute)...'
    } elseif ($problem) {
        Say "Setting up safe-session again: the .venv folder $problem (about a minute)..."
    } elseif (Test-Path $Marker) {
        Say "Updating safe-session's packages (about a minute)..."
    } else {
        Say "Installing safe-session's packages (about a minute)..."
    }
    if ($problem -or -not (Test-Path $Venv)) {
        $python = Find-Python
        if (Test-Path $Venv) { Remove-Item -Recurse -Force $Venv }
        New-Venv $python
    }
    if (Test-Path $Marker) { Remove-Item -Force $Marker }
    # pip's output goes to stderr, as everything here does: stdout is the program's own.
    & $VenvPython -m pip install --quiet --disable-pip-version-check -e $Spec 2>&1 |
        ForEach-Object { Say "$_" }
    if ($LASTEXITCODE -ne 0) {
        Fail ("installing safe-session's packages failed (pip's message is above); check the " +
            'internet connection and run this again.')
    }
    Set-Content -Path $Marker -Value (Get-Fingerprint) -Encoding ASCII
}

& (Join-Path $Venv 'Scripts\safe-session.exe') @ScriptArgs
exit $LASTEXITCODE
