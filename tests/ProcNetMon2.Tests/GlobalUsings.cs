// What nearly every test file uses: the test framework, the recording model, and the recordings tests build.
global using ProcNetMon2.Schema;
global using ProcNetMon2.Tests.Schema;
global using Xunit;
