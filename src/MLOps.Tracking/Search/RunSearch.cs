using System.Data.Common;
using System.Globalization;
using System.Text;
using MLOps.Storage.Sql;
using MLOps.Tracking.Runs;
using MLOps.Tracking.Schema;
using MLOps.Tracking.Sql;

namespace MLOps.Tracking.Search;

/// <summary>Runs a <see cref="RunQuery"/>: parse, compile to parameterized SQL, read one keyset page, load the runs.</summary>
internal sealed class RunSearch(TrackingContext context, RunReader reader)
{
    public async ValueTask<RunSearchResult> SearchAsync(RunQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.MaxResults is < 1 or > TrackingLimits.MaxPageSize)
        {
            throw new ValidationException($"RunQuery.MaxResults is {query.MaxResults}; use 1 to {TrackingLimits.MaxPageSize}.");
        }

        if (!Enum.IsDefined(query.ViewType))
        {
            throw new ValidationException($"RunQuery.ViewType is {(int)query.ViewType}; use ActiveOnly, DeletedOnly or All.");
        }

        var filter = FilterParser.ParseFilter(query.Filter);
        var order = FilterParser.ParseOrderBy(query.OrderBy);
        return await context.Database.ReadAsync(
            async (connection, ct) =>
            {
                // A keyset page reads ~100 entries down an index and stops: PostgreSQL's parallel
                // workers cost far more to start (hundreds of ms on a busy 2-core host) than they save.
                await using var transaction = context.IsSqlite ? null : await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
                if (transaction is not null)
                {
                    await connection.ExecuteAsync("SET LOCAL max_parallel_workers_per_gather = 0", transaction, ct).ConfigureAwait(false);
                }
                else
                {
                    // A search hops between the order index and the filter's lookups across tables of
                    // millions of rows: with SQLite's default 2 MB page cache nearly every hop is a read
                    // from the OS (10x slower). The cache grows only as pages are read, and stays with
                    // this pooled connection for the next search.
                    await connection.ExecuteAsync("PRAGMA cache_size = -65536", null, ct).ConfigureAwait(false);
                }

                var experiments = await ResolveExperimentsAsync(connection, query.Experiments, ct).ConfigureAwait(false);
                var fingerprint = PageToken.Fingerprint(query.Filter, query.OrderBy, experiments, query.ViewType);
                var token = PageToken.Decode(query.PageToken, fingerprint);
                var limit = query.MaxResults + 1;
                var rows = new List<PageRow>(limit);
                if (token is null || token.Phase == 1)
                {
                    await ReadPhaseAsync(connection, 1, query, filter, order, experiments, token, limit, rows, ct).ConfigureAwait(false);
                }

                if (rows.Count < limit)
                {
                    await ReadPhaseAsync(connection, 2, query, filter, order, experiments, token?.Phase == 2 ? token : null, limit - rows.Count, rows, ct).ConfigureAwait(false);
                }

                string? next = null;
                if (rows.Count > query.MaxResults)
                {
                    rows.RemoveRange(query.MaxResults, rows.Count - query.MaxResults);
                    var last = rows[^1];
                    next = new PageToken(last.Phase, last.Value as double?, last.Value as string, last.Value as long?, last.Seq, fingerprint).Encode();
                }

                var runs = await reader.ReadAsync(connection, rows.ConvertAll(r => r.Seq), ct).ConfigureAwait(false);
                if (transaction is not null)
                {
                    await transaction.CommitAsync(ct).ConfigureAwait(false);
                }

                return new RunSearchResult(runs, next);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Builds the SQL of one phase; exposed for query-plan tests.</summary>
    internal (string Sql, (string Name, object? Value)[] Parameters)? BuildPhase(int phase, RunQuery query, FilterNode? filter, OrderTerm order, IReadOnlyList<long>? experiments, PageToken? after, int limit)
    {
        var parameters = new SqlParameters();
        var plan = new OrderPlan(order, context.Tables, parameters);
        if (phase == 2 && plan.Absent is null)
        {
            return null;
        }

        var where = new List<string>();
        var sql = new StringBuilder("SELECT ");
        if (phase == 1)
        {
            sql.Append(plan.Seq).Append(", ").Append(plan.Value).Append(" FROM ").Append(plan.From);
            if (plan.Present is not null)
            {
                where.Add(plan.Present);
            }

            if (after is not null)
            {
                where.Add($"({plan.Value}, {plan.Seq}) {plan.After} ({parameters.Add(TokenValue(after, plan.ValueKind))}, {parameters.Add(after.Seq)})");
            }
        }
        else
        {
            sql.Append("r.run_seq FROM ").Append(context.Tables.Runs).Append(" r");
            where.Add(plan.Absent!);
            if (after is not null)
            {
                where.Add($"r.run_seq {plan.After} {parameters.Add(after.Seq)}");
            }
        }

        switch (query.ViewType)
        {
            case RunViewType.ActiveOnly:
                where.Add("r.deleted_at IS NULL");
                break;
            case RunViewType.DeletedOnly:
                where.Add("r.deleted_at IS NOT NULL");
                break;
        }

        if (experiments is not null)
        {
            where.Add($"r.experiment_id IN ({string.Join(", ", experiments.Select(e => parameters.Add(e)))})");
        }

        if (filter is not null)
        {
            where.Add(new FilterCompiler(context.Tables, context.IsSqlite, parameters).Compile(filter));
        }

        if (where.Count > 0)
        {
            sql.Append(" WHERE ").AppendJoin(" AND ", where);
        }

        sql.Append(" ORDER BY ");
        if (phase == 1)
        {
            sql.Append(plan.Value).Append(' ').Append(plan.Direction).Append(", ").Append(plan.Seq).Append(' ').Append(plan.Direction);
        }
        else
        {
            sql.Append("r.run_seq ").Append(plan.Direction);
        }

        sql.Append(" LIMIT ").Append(limit.ToString(CultureInfo.InvariantCulture));
        return (sql.ToString(), parameters.ToArray());
    }

    private async ValueTask ReadPhaseAsync(
        DbConnection connection,
        int phase,
        RunQuery query,
        FilterNode? filter,
        OrderTerm order,
        IReadOnlyList<long>? experiments,
        PageToken? after,
        int limit,
        List<PageRow> rows,
        CancellationToken cancellationToken)
    {
        if (BuildPhase(phase, query, filter, order, experiments, after, limit) is not { } built)
        {
            return;
        }

        await using var command = connection.CreateCommand(built.Sql, null, built.Parameters);
        await using var result = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var kind = new OrderPlan(order, context.Tables, new SqlParameters()).ValueKind;
        while (await result.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            object? value = phase == 2 ? null : kind switch
            {
                OrderValueKind.Number => result.GetDouble(1),
                OrderValueKind.Integer => result.Int64(1),
                _ => result.GetString(1),
            };
            rows.Add(new PageRow(phase, result.Int64(0), value));
        }
    }

    private static object TokenValue(PageToken token, OrderValueKind kind) => kind switch
    {
        OrderValueKind.Number => token.Number ?? throw BadToken(),
        OrderValueKind.Integer => token.Integer ?? throw BadToken(),
        _ => token.Text ?? throw BadToken(),
    };

    private static ValidationException BadToken() => new("The page token does not match the order of this search; start again without a token.");

    private async ValueTask<IReadOnlyList<long>?> ResolveExperimentsAsync(DbConnection connection, IReadOnlyList<string>? names, CancellationToken cancellationToken)
    {
        if (names is null || names.Count == 0)
        {
            return null;
        }

        var ids = new List<long>(names.Count);
        foreach (var name in names.Distinct(StringComparer.Ordinal))
        {
            ids.Add(await connection.ScalarAsync<long?>($"SELECT experiment_id FROM {context.Tables.Experiments} WHERE name = @name", null, cancellationToken, ("name", name)).ConfigureAwait(false)
                ?? throw new NotFoundException($"Experiment '{TrackingNames.Shorten(name ?? string.Empty)}' does not exist in {context.Database.Description}."));
        }

        ids.Sort();
        return ids;
    }

    private readonly record struct PageRow(int Phase, long Seq, object? Value);
}
