using Xunit;
using Npgsql;

namespace MLOps.Testing;

/// <summary>
/// The PostgreSQL server named by <c>MLOPS_TEST_POSTGRES</c> (a connection string with rights to create
/// databases). Each test gets a fresh database, dropped on dispose. When the variable is not set, tests
/// that need the server skip with a reason that says so.
/// </summary>
public static class PostgresServer
{
    public const string EnvironmentVariable = "MLOPS_TEST_POSTGRES";

    public static string? ConnectionString => Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } value ? value : null;

    public static string SkipReason => $"{EnvironmentVariable} is not set: PostgreSQL contract tests skipped (.ci/run starts a server and sets it).";

    /// <summary>Skips the calling test (visibly) when no server is configured.</summary>
    public static string Require()
    {
        if (ConnectionString is null && Environment.GetEnvironmentVariable("MLOPS_REQUIRE_POSTGRES") == "1")
        {
            Assert.Fail($"MLOPS_REQUIRE_POSTGRES=1 but {EnvironmentVariable} is not set: CI must run the PostgreSQL contract tests.");
        }

        Skip.If(ConnectionString is null, SkipReason);
        return ConnectionString!;
    }

    /// <summary>Creates a fresh database and returns its connection string and a disposer that drops it.</summary>
    public static async Task<TestDatabase> CreateDatabaseAsync()
    {
        var admin = Require();
        var name = "mlops_test_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return new TestDatabase(admin, name, builder.ConnectionString);
    }

    public sealed class TestDatabase(string admin, string name, string connectionString) : IAsyncDisposable
    {
        public string ConnectionString { get; } = connectionString;

        public string Name { get; } = name;

        public async ValueTask DisposeAsync()
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await command.ExecuteNonQueryAsync();
                    return;
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
                {
                    // An autovacuum worker busy in the database cannot be terminated by a non-superuser, so
                    // FORCE refuses; it finishes quickly on a test database. A database left behind after
                    // that is harmless in a throwaway test cluster.
                    if (attempt == 50)
                    {
                        return;
                    }

                    await Task.Delay(100);
                }
            }
        }
    }
}
