using System.Data.Common;
using MLOps.Lineage;
using MLOps.Storage.Sql;
using MLOps.Tracking.Schema;
using MLOps.Tracking.Sql;

namespace MLOps.Tracking.Runs;

/// <summary>The SQL of a run's params (immutable), tags (mutable) and inputs (lineage references).</summary>
internal sealed class RunDataStore(TrackingContext context)
{
    private const int MaxUniqueRetries = 3;

    private readonly string _insertParam =
        $"INSERT INTO {context.Tables.Params} (run_seq, key, kind, value_text, value_num, sort_key) VALUES (@run_seq, @key, @kind, @value_text, @value_num, @sort_key)";

    private readonly string _upsertTag = context.Dialect.Upsert(context.Tables.Tags, ["run_seq", "key", "value"], ["run_seq", "key"], ["value"]);

    private readonly string _upsertInput = context.Dialect.Upsert(
        context.Tables.Inputs, ["run_seq", "reference", "kind", "name", "version", "context", "logged_at"], ["run_seq", "reference"], ["context"]);

    /// <summary>Checks keys and values before any I/O; the same key twice with different values is a conflict.</summary>
    public static List<KeyValuePair<string, ParamValue>> CheckParams(string runId, IEnumerable<KeyValuePair<string, ParamValue>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var checkedParams = new Dictionary<string, ParamValue>(StringComparer.Ordinal);
        foreach (var (key, value) in parameters)
        {
            TrackingNames.Key(key, "param");
            var text = value.ToString();
            if (text.Length > TrackingLimits.MaxParamValueLength)
            {
                throw new ValidationException($"The value of param '{key}' is {text.Length} characters long; at most {TrackingLimits.MaxParamValueLength} are allowed.");
            }

            if (checkedParams.TryGetValue(key, out var earlier) && earlier != value)
            {
                throw new ConflictException($"Param '{key}' of run '{runId}' is given twice with different values: {Describe(earlier)} and {Describe(value)}.");
            }

            checkedParams[key] = value;
        }

        return [.. checkedParams];
    }

    public static string Describe(ParamValue value) => value.Kind == ParamKind.String
        ? $"'{TrackingNames.Shorten(value.ToString())}' (string)"
        : $"{value} ({value.Kind.ToString().ToLowerInvariant()})";

    /// <summary>Logs params: new keys are inserted, the same value again is a no-op, a different value is a conflict naming both.</summary>
    public async ValueTask LogParamsAsync(string runId, IEnumerable<KeyValuePair<string, ParamValue>> parameters, CancellationToken cancellationToken)
    {
        var list = CheckParams(runId, parameters);
        if (list.Count == 0)
        {
            return;
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await context.Database.WriteAsync((c, t, ct) => WriteParamsAsync(c, t, runId, list, ct), cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (attempt < MaxUniqueRetries && context.Dialect.IsUniqueViolation(e))
            {
                // Another process inserted one of the keys between our read and our insert (PostgreSQL
                // does not serialize the read): read again, which turns it into a no-op or a conflict.
            }
        }
    }

    public ValueTask SetTagsAsync(string runId, IEnumerable<KeyValuePair<string, string>> tags, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var list = new List<KeyValuePair<string, string>>();
        foreach (var (key, value) in tags)
        {
            list.Add(new(TrackingNames.Key(key, "run tag"), TrackingNames.TagValue(value, key)));
        }

        return context.Database.WriteAsync(
            async (connection, transaction, ct) =>
            {
                var row = await RunRow.RequireActiveAsync(context, connection, transaction, runId, ct).ConfigureAwait(false);
                foreach (var (key, value) in list)
                {
                    await connection.ExecuteAsync(_upsertTag, transaction, ct, ("run_seq", row.Seq), ("key", key), ("value", value)).ConfigureAwait(false);
                }
            },
            cancellationToken);
    }

    /// <summary>Deletes a tag; returns whether it existed.</summary>
    public ValueTask<bool> DeleteTagAsync(string runId, string key, CancellationToken cancellationToken)
    {
        TrackingNames.Key(key, "run tag");
        return context.Database.WriteAsync(
            async (connection, transaction, ct) =>
            {
                var row = await RunRow.RequireActiveAsync(context, connection, transaction, runId, ct).ConfigureAwait(false);
                return await connection.ExecuteAsync($"DELETE FROM {context.Tables.Tags} WHERE run_seq = @seq AND key = @key", transaction, ct, ("seq", row.Seq), ("key", key)).ConfigureAwait(false) > 0;
            },
            cancellationToken);
    }

    /// <summary>Records inputs; recording the same reference again updates its context.</summary>
    public ValueTask LogInputsAsync(string runId, IReadOnlyList<LineageReference> references, string? usage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(references);
        if (usage is not null)
        {
            TrackingNames.Key(usage, "input context");
        }

        var rows = references.Select(r => (Reference: r ?? throw new ValidationException($"An input of run '{runId}' is null."), Parts: InputParts.Of(r))).ToList();
        return context.Database.WriteAsync(
            async (connection, transaction, ct) =>
            {
                var row = await RunRow.RequireActiveAsync(context, connection, transaction, runId, ct).ConfigureAwait(false);
                var now = context.Now();
                foreach (var (reference, parts) in rows)
                {
                    await connection.ExecuteAsync(
                        _upsertInput,
                        transaction,
                        ct,
                        ("run_seq", row.Seq),
                        ("reference", reference.ToString()),
                        ("kind", reference.Kind),
                        ("name", parts.Name),
                        ("version", parts.Version),
                        ("context", usage),
                        ("logged_at", now)).ConfigureAwait(false);
                }
            },
            cancellationToken);
    }

    /// <summary>Writes checked params inside the caller's transaction (see <see cref="CheckParams"/>).</summary>
    internal async ValueTask WriteParamsAsync(DbConnection connection, DbTransaction transaction, string runId, List<KeyValuePair<string, ParamValue>> list, CancellationToken cancellationToken)
    {
        var row = await RunRow.RequireActiveAsync(context, connection, transaction, runId, cancellationToken).ConfigureAwait(false);
        var stored = new Dictionary<string, ParamValue>(StringComparer.Ordinal);
        await using (var command = connection.CreateCommand($"SELECT key, kind, value_text FROM {context.Tables.Params} WHERE run_seq = @seq", transaction, ("seq", row.Seq)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                stored[reader.GetString(0)] = ParamValue.Parse((ParamKind)reader.Int64(1), reader.GetString(2));
            }
        }

        await using var insert = connection.CreateCommand(_insertParam, transaction);
        var seq = insert.AddParameter("run_seq", row.Seq);
        var key = insert.AddParameter("key", null);
        var kind = insert.AddParameter("kind", null);
        var text = insert.AddParameter("value_text", null);
        var number = insert.AddParameter("value_num", null);
        var sortKey = insert.AddParameter("sort_key", null);
        foreach (var (name, value) in list)
        {
            if (stored.TryGetValue(name, out var existing))
            {
                if (existing != value)
                {
                    throw new ConflictException($"Param '{name}' of run '{runId}' is already {Describe(existing)}; it cannot change to {Describe(value)}. Params are immutable; log a new key or start a new run.");
                }

                continue;
            }

            seq.Value = row.Seq;
            key.Value = name;
            kind.Value = (long)value.Kind;
            text.Value = value.ToString();
            number.Value = value.Number is { } n && !double.IsNaN(n) ? n : DBNull.Value;
            sortKey.Value = value.SortKey();
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
