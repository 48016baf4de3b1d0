using Dapper;

// Every Dapper call in this assembly is generated at build time (no Reflection.Emit at run time).
[module: DapperAot]
