@echo off
rem Runs esxforge on Windows: java -jar target\esxforge.jar (build it first with: mvn -q -DskipTests package).
setlocal
set "ESXFORGE_CHECKOUT=%~dp0.."
set "ESXFORGE_JAR=%ESXFORGE_CHECKOUT%\target\esxforge.jar"
if not exist "%ESXFORGE_JAR%" (
  echo esxforge: %ESXFORGE_JAR% is missing; build it with: mvn -q -DskipTests package 1>&2
  exit /b 1
)
if not defined ESXFORGE_HOME set "ESXFORGE_HOME=%ESXFORGE_CHECKOUT%"
java -XX:+UseSerialGC %ESXFORGE_JAVA_OPTS% -jar "%ESXFORGE_JAR%" %*
exit /b %ERRORLEVEL%
