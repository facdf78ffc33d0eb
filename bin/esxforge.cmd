@echo off
rem Runs esxforge on Windows: java -jar target\esxforge.jar (build it first with: mvn -q -DskipTests package).
rem The same JVM settings as bin/esxforge (figures in bench\README.md): SerialGC; the C1 JIT only for
rem listing commands (half the CPU of a cold start) unless they read an installer ISO; the other
rem commands keep both JIT compilers, with C2 only for the JDK's digests and six String methods
rem (esxforge-jit.json beside this script; the JVM's own messages are off, since loading those
rem directives prints a line; add -XX:+DisplayVMOutput to ESXFORGE_JAVA_OPTS to see them); and an
rem application class-data-sharing archive beside the jar, made once per jar build (named by the
rem jar's size, so a rebuilt jar gets a new one; a stale one would only be ignored by the JVM).
rem bin/esxforge also keeps a second archive trained by the first successful build; this script
rem does not (it uses the listing archive for every command).
setlocal
set "ESXFORGE_CHECKOUT=%~dp0.."
set "ESXFORGE_JAR=%ESXFORGE_CHECKOUT%\target\esxforge.jar"
if not exist "%ESXFORGE_JAR%" (
  echo esxforge: %ESXFORGE_JAR% is missing; build it with: mvn -q -DskipTests package 1>&2
  exit /b 1
)
if not defined ESXFORGE_HOME set "ESXFORGE_HOME=%ESXFORGE_CHECKOUT%"
set "ESXFORGE_FULL=-XX:+UseSerialGC -Xlog:cds=off -Xlog:cds+dynamic=off -XX:+UnlockDiagnosticVMOptions -XX:CompilerDirectivesFile=%~dp0esxforge-jit.json -XX:CompileCommand=quiet -XX:-DisplayVMOutput"
set "ESXFORGE_OPTS=%ESXFORGE_FULL%"
for %%c in (vibs profiles profile depot inspect diff cache baseimages addons components --help -h --version) do (
  if /i "%~1"=="%%c" set "ESXFORGE_OPTS=-XX:+UseSerialGC -Xlog:cds=off -Xlog:cds+dynamic=off -XX:TieredStopAtLevel=1"
)
rem an installer ISO (an argument ending in .iso) is read by verifying every payload: the full JIT
for %%a in (%*) do if /i "%%~xa"==".iso" set "ESXFORGE_OPTS=%ESXFORGE_FULL%"
for %%F in ("%ESXFORGE_JAR%") do set "ESXFORGE_JSA=%ESXFORGE_CHECKOUT%\target\esxforge-%%~zF.jsa"
set "ESXFORGE_TRAIN=%ESXFORGE_CHECKOUT%\samples\HP-drivers-7.0-offline-bundle.zip"
if not exist "%ESXFORGE_JSA%" if exist "%ESXFORGE_TRAIN%" (
  rem training run: list a committed sample bundle, archive the classes it loaded (about 2 s, once)
  java -XX:+UseSerialGC -Xlog:cds=off -Xlog:cds+dynamic=off -XX:ArchiveClassesAtExit="%ESXFORGE_JSA%" -jar "%ESXFORGE_JAR%" vibs --json --no-cache -d "%ESXFORGE_TRAIN%" >nul 2>&1 || del /q "%ESXFORGE_JSA%" 2>nul
)
if exist "%ESXFORGE_JSA%" set "ESXFORGE_OPTS=%ESXFORGE_OPTS% -XX:SharedArchiveFile=%ESXFORGE_JSA%"
java %ESXFORGE_OPTS% %ESXFORGE_JAVA_OPTS% -jar "%ESXFORGE_JAR%" %*
set "ESXFORGE_RC=%ERRORLEVEL%"
if "%ESXFORGE_RC%"=="0" exit /b 0
rem the JVM's own messages are off: when it cannot start at all (e.g. a heap too small for it), say why
java %ESXFORGE_OPTS% %ESXFORGE_JAVA_OPTS% -XX:+DisplayVMOutput -version >nul 2>&1 && exit /b %ESXFORGE_RC%
echo esxforge: the JVM does not start with these options: %ESXFORGE_JAVA_OPTS% 1>&2
java %ESXFORGE_OPTS% %ESXFORGE_JAVA_OPTS% -XX:+DisplayVMOutput -version 2>&1 | findstr /v /c:"compiler directives added" 1>&2
exit /b %ESXFORGE_RC%
