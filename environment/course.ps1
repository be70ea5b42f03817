# course.ps1 — Windows twin of environment/course (PowerShell 7+).
#   .\environment\course.ps1 setup | run [args] | test | strip NOTEBOOK... | kernel install | bench [args] | pretrain resnet-fashion
# On Windows there is no apt: Fashion-MNIST is downloaded by the course's data hub (checksum-verified),
# and the Jupyter client tests need Python with jupyter_client (pip install jupyter_client nbclient nbconvert).
param([Parameter(Position = 0)][string]$Command = "help", [Parameter(ValueFromRemainingArguments = $true)][string[]]$Rest)
$ErrorActionPreference = "Stop"
$Root = Split-Path -Parent $PSScriptRoot
$Config = if ($env:NOTEBOOKCOURSE_CONFIG) { $env:NOTEBOOKCOURSE_CONFIG } else { "Release" }
$KernelDll = Join-Path $Root "lib/NotebookCourse.Kernel/bin/$Config/net10.0/NotebookCourse.Kernel.dll"
$BenchDll = Join-Path $Root "tests/NotebookCourse.Benchmarks/bin/$Config/net10.0/NotebookCourse.Benchmarks.dll"
$NpmPrefix = Join-Path $Root ".cache/npm"
$NpmPackages = @("onnxruntime-node@1.30.0", "plotly.js-dist-min@4.1.2")
$env:DOTNET_CLI_TELEMETRY_OPTOUT = "1"; $env:DOTNET_NOLOGO = "1"
# GC settings for training (see lib/NotebookCourse/Runtime/GcTuning.cs); a value already set by the caller wins.
if (-not $env:DOTNET_GCgen0size) { $env:DOTNET_GCgen0size = "0x4000000" }
if (-not $env:DOTNET_GCRegionSize) { $env:DOTNET_GCRegionSize = "0x1000000" }

function Say([string]$m) { Write-Host "course: $m" }
function Fail([string]$m) { Write-Host "course: $m" -ForegroundColor Red; exit 1 }

function Need-Dotnet {
    if (-not (Get-Command dotnet -ErrorAction SilentlyContinue)) { Fail "the .NET 10 SDK is missing: install it and run this again" }
    $major = [int]((dotnet --version).Split('.')[0])
    if ($major -lt 10) { Fail "the .NET SDK is $(dotnet --version), the course needs 10 or newer" }
}

function Install-Npm {
    $missing = @()
    foreach ($want in $NpmPackages) {
        $name, $ver = $want -split '@(?=[^@]+$)'
        $pj = Join-Path $NpmPrefix "node_modules/$name/package.json"
        if (-not (Test-Path $pj) -or ((Get-Content $pj | ConvertFrom-Json).version -ne $ver)) { $missing += $want }
    }
    if ($missing.Count -eq 0) { return }
    if (-not (Get-Command npm -ErrorAction SilentlyContinue)) { Say "npm is missing: install Node.js, then run setup again"; return }
    Say "installing npm packages into .cache/npm: $($missing -join ' ')"
    npm install --ignore-scripts --no-audit --no-fund --loglevel=error --prefix $NpmPrefix @missing
}

function Build {
    Need-Dotnet
    Say "building ($Config)"
    dotnet build (Join-Path $Root "NotebookCourse.sln") -c $Config -nologo -v quiet -clp:ErrorsOnly
    if ($LASTEXITCODE -ne 0) { Fail "the build failed (see the errors above)" }
}

function Setup {
    Need-Dotnet
    Install-Npm
    Build
    dotnet $KernelDll kernel install --user *> $null
}

switch ($Command) {
    "setup" { Setup }
    "build" { Build }
    "run" { Setup; dotnet $KernelDll run @Rest; exit $LASTEXITCODE }
    "test" {
        Setup
        dotnet test (Join-Path $Root "NotebookCourse.sln") -c $Config --no-build -nologo
        exit $LASTEXITCODE
    }
    "strip" { Need-Dotnet; if (-not (Test-Path $KernelDll)) { Build }; dotnet $KernelDll strip @Rest; exit $LASTEXITCODE }
    "kernel" { Need-Dotnet; if (-not (Test-Path $KernelDll)) { Build }; dotnet $KernelDll kernel @Rest; exit $LASTEXITCODE }
    "pretrain" { Need-Dotnet; if (-not (Test-Path $KernelDll)) { Build }; dotnet $KernelDll pretrain @Rest; exit $LASTEXITCODE }
    "bench" { Setup; dotnet $BenchDll @Rest; exit $LASTEXITCODE }
    default { Get-Content $PSCommandPath -TotalCount 4 | Select-Object -Skip 1 }
}
