using System.Data.Common;
using MLOps.Storage;
using MLOps.Storage.Sql;
using MLOps.Testing;

namespace MLOps.Storage.Tests.Contracts;

/// <summary>
/// What every metadata backend must do, run once per backend (SQLite always; PostgreSQL when
/// MLOPS_TEST_POSTGRES is set, skipped visibly otherwise).
/// </summary>
public abstract class StorageContractTests
{
    protected abstract StorageBackend Backend { get; }

    private Task<WorkspaceFixture> OpenAsync() => WorkspaceFixture.CreateAsync(Backend);

    [SkippableFact]
    public async Task Open_records_the_core_migration_and_creates_the_objects_folder()
    {
        await using var fixture = await OpenAsync();
        var applied = await fixture.Workspace.GetAppliedMigrationsAsync();
        Assert.Contains(applied, m => m.Module == "core" && m.Version == 1);
        Assert.True(Directory.Exists(Path.Combine(fixture.Workspace.RootPath, MLOpsWorkspace.ObjectsFolderName)));
        Assert.Equal(Backend == StorageBackend.Sqlite ? "sqlite" : "postgresql", fixture.Workspace.Dialect.Name);
    }

    [SkippableFact]
    public async Task Migrations_apply_once_in_order_and_are_recorded()
    {
        await using var fixture = await OpenAsync();
        var module = new TestModule("things", 2);
        Assert.Equal([1, 2], await fixture.Workspace.MigrateAsync(module));
        Assert.Empty(await fixture.Workspace.MigrateAsync(module));

        var applied = (await fixture.Workspace.GetAppliedMigrationsAsync()).Where(m => m.Module == "things").ToList();
        Assert.Equal([1, 2], applied.Select(m => m.Version));
        Assert.Equal("step 2", applied[1].Description);

        // A later release adds migration 3: only it is applied.
        Assert.Equal([3], await fixture.Workspace.MigrateAsync(new TestModule("things", 3)));
    }

    [SkippableFact]
    public async Task A_database_newer_than_the_code_refuses_to_open_naming_module_and_versions()
    {
        await using var fixture = await OpenAsync();
        await fixture.Workspace.MigrateAsync(new TestModule("things", 3));
        var error = await Assert.ThrowsAsync<ConflictException>(async () => await fixture.Workspace.MigrateAsync(new TestModule("things", 2)));
        Assert.Contains("'things'", error.Message, StringComparison.Ordinal);
        Assert.Contains("version 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("up to version 2", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_failing_migration_leaves_nothing_behind()
    {
        await using var fixture = await OpenAsync();
        var broken = new TestModule("broken", 1, failAt: 2);
        await Assert.ThrowsAnyAsync<DbException>(async () => await broken.WithCount(2).ApplyAsync(fixture.Workspace));
        Assert.DoesNotContain(await fixture.Workspace.GetAppliedMigrationsAsync(), m => m.Module == "broken");

        // Migration 1 was rolled back with 2: applying a fixed list starts from 1 again.
        Assert.Equal([1], await fixture.Workspace.MigrateAsync(new TestModule("broken", 1)));
    }

    [SkippableFact]
    public async Task Migrations_with_gaps_or_bad_module_names_are_rejected()
    {
        await using var fixture = await OpenAsync();
        var gap = new TestModule("gappy", 2, firstVersion: 2);
        var error = await Assert.ThrowsAsync<ValidationException>(async () => await fixture.Workspace.MigrateAsync(gap));
        Assert.Contains("'gappy'", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ValidationException>(async () => await fixture.Workspace.MigrateAsync(new TestModule("Bad-Name", 1)));
        await Assert.ThrowsAsync<ValidationException>(async () => await fixture.Workspace.MigrateAsync(new TestModule("x; DROP TABLE y", 1)));
    }

    [SkippableFact]
    public async Task Concurrent_openers_apply_each_migration_exactly_once()
    {
        await using var fixture = await OpenAsync();
        var module = new TestModule("race", 4);
        var tasks = Enumerable.Range(0, 6).Select(async _ =>
        {
            await using var other = await MLOpsWorkspace.OpenAsync(fixture.Options);
            return await other.MigrateAsync(module);
        });
        var results = await Task.WhenAll(tasks);
        Assert.Equal(4, results.Sum(r => r.Count));
        Assert.Equal(4, (await fixture.Workspace.GetAppliedMigrationsAsync()).Count(m => m.Module == "race"));
    }

    [SkippableFact]
    public async Task Upsert_inserts_then_updates_and_do_nothing_keeps_the_first_value()
    {
        await using var fixture = await OpenAsync();
        var module = new TestModule("things", 1);
        await fixture.Workspace.MigrateAsync(module);
        var dialect = fixture.Workspace.Dialect;
        var table = dialect.Table("things", "items");
        var upsert = dialect.Upsert(table, ["name", "score"], ["name"], ["score"]);
        var insertOnly = dialect.Upsert(table, ["name", "score"], ["name"], []);

        await fixture.Workspace.Database.WriteAsync(async (c, t, ct) =>
        {
            await c.ExecuteAsync(upsert, t, ct, ("name", "a"), ("score", 1.5));
            await c.ExecuteAsync(upsert, t, ct, ("name", "a"), ("score", 2.5));
            await c.ExecuteAsync(insertOnly, t, ct, ("name", "a"), ("score", 9.0));
            await c.ExecuteAsync(insertOnly, t, ct, ("name", "b"), ("score", 3.0));
        });

        await using var connection = await fixture.Workspace.OpenConnectionAsync();
        Assert.Equal(2.5, await connection.ScalarAsync<double>($"SELECT score FROM {table} WHERE name = @n", null, default, ("n", "a")));
        Assert.Equal(3.0, await connection.ScalarAsync<double>($"SELECT score FROM {table} WHERE name = @n", null, default, ("n", "b")));
    }

    [SkippableFact]
    public async Task Identity_columns_number_rows_and_unique_violations_are_recognised()
    {
        await using var fixture = await OpenAsync();
        await fixture.Workspace.MigrateAsync(new TestModule("things", 1));
        var dialect = fixture.Workspace.Dialect;
        var table = dialect.Table("things", "items");
        var ids = new List<long>();
        await fixture.Workspace.Database.WriteAsync(async (c, t, ct) =>
        {
            foreach (var name in new[] { "x", "y" })
            {
                await c.ExecuteAsync($"INSERT INTO {table} (name, score) VALUES (@name, 0)", t, ct, ("name", name));
                ids.Add(await c.ScalarAsync<long>($"SELECT id FROM {table} WHERE name = @name", t, ct, ("name", name)));
            }
        });
        Assert.True(ids[1] > ids[0]);

        var error = await Assert.ThrowsAnyAsync<Exception>(async () => await fixture.Workspace.Database.WriteAsync(
            async (c, t, ct) => await c.ExecuteAsync($"INSERT INTO {table} (name, score) VALUES ('x', 1)", t, ct)));
        Assert.True(dialect.IsUniqueViolation(error), error.ToString());
        Assert.False(dialect.IsTransient(error));
    }

    [SkippableFact]
    public async Task Bulk_insert_stores_every_row_with_nulls_and_all_types()
    {
        await using var fixture = await OpenAsync();
        await fixture.Workspace.MigrateAsync(new TestModule("things", 1));
        var dialect = fixture.Workspace.Dialect;
        var table = dialect.Table("things", "points");
        var rows = Enumerable.Range(0, 5000).Select(i => new object?[] { (long)i, i % 7 == 0 ? null : i * 0.5, $"k{i % 10}", i % 2 == 0, new byte[] { (byte)i } });
        var inserted = await fixture.Workspace.Database.WriteAsync((c, t, ct) => dialect.BulkInsertAsync(
            t, table, ["step", "value", "key", "flag", "payload"], [SqlType.Int64, SqlType.Float64, SqlType.Text, SqlType.Boolean, SqlType.Binary], rows, ct));
        Assert.Equal(5000, inserted);

        await using var connection = await fixture.Workspace.OpenConnectionAsync();
        Assert.Equal(5000L, await connection.ScalarAsync<long>($"SELECT COUNT(*) FROM {table}", null, default));
        Assert.Equal(715L, await connection.ScalarAsync<long>($"SELECT COUNT(*) FROM {table} WHERE value IS NULL", null, default));
        Assert.Equal(1250.0, await connection.ScalarAsync<double>($"SELECT value FROM {table} WHERE step = 2500", null, default));
    }

    [SkippableFact]
    public async Task A_write_that_throws_is_rolled_back()
    {
        await using var fixture = await OpenAsync();
        await fixture.Workspace.MigrateAsync(new TestModule("things", 1));
        var table = fixture.Workspace.Dialect.Table("things", "items");
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await fixture.Workspace.Database.WriteAsync(async (c, t, ct) =>
        {
            await c.ExecuteAsync($"INSERT INTO {table} (name, score) VALUES ('lost', 1)", t, ct);
            throw new InvalidOperationException("boom");
        }));

        await using var connection = await fixture.Workspace.OpenConnectionAsync();
        Assert.Equal(0L, await connection.ScalarAsync<long>($"SELECT COUNT(*) FROM {table}", null, default));
    }

    [SkippableFact]
    public async Task Infinities_round_trip_through_float_columns()
    {
        await using var fixture = await OpenAsync();
        await fixture.Workspace.MigrateAsync(new TestModule("things", 1));
        var table = fixture.Workspace.Dialect.Table("things", "items");
        await fixture.Workspace.Database.WriteAsync(async (c, t, ct) =>
        {
            await c.ExecuteAsync($"INSERT INTO {table} (name, score) VALUES ('pos', @v)", t, ct, ("v", double.PositiveInfinity));
            await c.ExecuteAsync($"INSERT INTO {table} (name, score) VALUES ('neg', @v)", t, ct, ("v", double.NegativeInfinity));
        });
        await using var connection = await fixture.Workspace.OpenConnectionAsync();
        Assert.Equal(double.PositiveInfinity, await connection.ScalarAsync<double>($"SELECT score FROM {table} WHERE name = 'pos'", null, default));
        Assert.Equal(double.NegativeInfinity, await connection.ScalarAsync<double>($"SELECT score FROM {table} WHERE name = 'neg'", null, default));
    }

    [SkippableFact]
    public async Task Data_written_by_one_opener_is_seen_by_another()
    {
        await using var fixture = await OpenAsync();
        await fixture.Workspace.MigrateAsync(new TestModule("things", 1));
        var table = fixture.Workspace.Dialect.Table("things", "items");
        await fixture.Workspace.Database.WriteAsync((c, t, ct) => c.ExecuteAsync($"INSERT INTO {table} (name, score) VALUES ('shared', 4)", t, ct));

        await using var other = await MLOpsWorkspace.OpenAsync(fixture.Options);
        await using var connection = await other.OpenConnectionAsync();
        Assert.Equal(4.0, await connection.ScalarAsync<double>($"SELECT score FROM {table} WHERE name = 'shared'", null, default));
    }

    [SkippableFact]
    public async Task Concurrent_writers_all_succeed()
    {
        await using var fixture = await OpenAsync();
        await fixture.Workspace.MigrateAsync(new TestModule("things", 1));
        var table = fixture.Workspace.Dialect.Table("things", "items");
        var writers = Enumerable.Range(0, 8).Select(async w =>
        {
            await using var other = await MLOpsWorkspace.OpenAsync(fixture.Options);
            for (var i = 0; i < 25; i++)
            {
                await other.Database.WriteAsync(async (c, t, ct) =>
                {
                    var count = await c.ScalarAsync<long>($"SELECT COUNT(*) FROM {table}", t, ct);
                    await c.ExecuteAsync($"INSERT INTO {table} (name, score) VALUES (@n, @s)", t, ct, ("n", $"w{w}-{i}"), ("s", (double)count));
                });
            }
        });
        await Task.WhenAll(writers);
        await using var connection = await fixture.Workspace.OpenConnectionAsync();
        Assert.Equal(200L, await connection.ScalarAsync<long>($"SELECT COUNT(*) FROM {table}", null, default));
    }
}

public sealed class SqliteStorageContractTests : StorageContractTests
{
    protected override StorageBackend Backend => StorageBackend.Sqlite;
}

public sealed class PostgreSqlStorageContractTests : StorageContractTests
{
    protected override StorageBackend Backend => StorageBackend.PostgreSql;
}
