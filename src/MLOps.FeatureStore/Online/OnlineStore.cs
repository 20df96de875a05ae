using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Text;
using MLOps.Data;
using MLOps.Storage;
using MLOps.Storage.Sql;

namespace MLOps.FeatureStore;

/// <summary>
/// The online store: one wide row per (view, entity key) in the workspace database (SQLite or
/// PostgreSQL, same SQL). Writes are monotonic: an upsert whose WHERE keeps the row with the later
/// (event timestamp, created timestamp), the later write winning a full tie. Reads fetch every view and
/// entity of a request in one statement on a pooled, long-lived connection whose commands are prepared
/// once per (service plan, entity count). Thread-safe.
/// </summary>
internal sealed class OnlineStore : IAsyncDisposable
{
    private readonly MLOpsWorkspace _workspace;
    /// <summary>Rows per upsert statement.</summary>
    private const int WriteBatchRows = 200;

    private readonly string _upsert;
    private readonly string _table;
    private readonly ConcurrentBag<OnlineReadSession> _sessions = [];
    private int _disposed;

    public OnlineStore(MLOpsWorkspace workspace)
    {
        _workspace = workspace;
        _table = FeatureStoreMigrations.Online(workspace.Dialect);
        _upsert = " ON CONFLICT (view_name, entity_key) DO UPDATE SET event_ts = excluded.event_ts, created_ts = excluded.created_ts, payload = excluded.payload " +
            "WHERE excluded.event_ts > t.event_ts OR (excluded.event_ts = t.event_ts AND excluded.created_ts >= t.created_ts)";
    }

    /// <summary>
    /// Writes rows of one view inside a caller's transaction, up to <see cref="WriteBatchRows"/> rows per
    /// statement; the rows' keys must be distinct (callers keep the latest row per key first).
    /// </summary>
    public async ValueTask<int> WriteAsync(DbConnection connection, DbTransaction transaction, string view, IReadOnlyList<OnlineRow> rows, CancellationToken cancellationToken)
    {
        var changed = 0;
        DbCommand? full = null;
        try
        {
            for (var offset = 0; offset < rows.Count; offset += WriteBatchRows)
            {
                var count = Math.Min(WriteBatchRows, rows.Count - offset);
                var command = count == WriteBatchRows ? full ??= CreateWrite(connection, transaction, view, count) : CreateWrite(connection, transaction, view, count);
                for (var i = 0; i < count; i++)
                {
                    var row = rows[offset + i];
                    command.Parameters[1 + (i * 4)].Value = row.EntityKey;
                    command.Parameters[2 + (i * 4)].Value = row.EventTimestamp;
                    command.Parameters[3 + (i * 4)].Value = row.CreatedTimestamp;
                    command.Parameters[4 + (i * 4)].Value = row.Payload;
                }

                changed += await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                if (!ReferenceEquals(command, full))
                {
                    await command.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
        finally
        {
            if (full is not null)
            {
                await full.DisposeAsync().ConfigureAwait(false);
            }
        }

        return changed;
    }

    private DbCommand CreateWrite(DbConnection connection, DbTransaction transaction, string view, int count)
    {
        var sql = new StringBuilder("INSERT INTO ").Append(_table).Append(" AS t (view_name, entity_key, event_ts, created_ts, payload) VALUES ");
        for (var i = 0; i < count; i++)
        {
            sql.Append(i == 0 ? "(@v, @k" : ", (@v, @k").Append(i).Append(", @e").Append(i).Append(", @c").Append(i).Append(", @p").Append(i).Append(')');
        }

        var command = connection.CreateCommand(sql.Append(_upsert).ToString(), transaction, ("v", view));
        for (var i = 0; i < count; i++)
        {
            var n = i.ToString(CultureInfo.InvariantCulture);
            command.AddParameter("k" + n, string.Empty);
            command.AddParameter("e" + n, 0L);
            command.AddParameter("c" + n, 0L);
            command.AddParameter("p" + n, Array.Empty<byte>());
        }

        return command;
    }

    /// <summary>Removes every online row of a view (its features changed shape).</summary>
    public ValueTask<int> ClearAsync(DbConnection connection, DbTransaction transaction, string view, CancellationToken cancellationToken) =>
        connection.ExecuteAsync($"DELETE FROM {_table} WHERE view_name = @v", transaction, cancellationToken, ("v", view));

    /// <summary>Reads a compiled service for entity rows; fills slot values, statuses and timestamps.</summary>
    public async ValueTask<OnlineFeatures> ReadAsync(CompiledFeatureService plan, IReadOnlyList<IReadOnlyDictionary<string, object?>> entities, long nowMicros, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var rows = entities.Count;
        var views = plan.Views;
        var keys = new string[views.Length * rows];
        for (var v = 0; v < views.Length; v++)
        {
            for (var r = 0; r < rows; r++)
            {
                keys[(v * rows) + r] = EntityKey(views[v].View, entities[r]);
            }
        }

        var found = new (long Event, byte[] Payload)?[keys.Length];
        if (views.Length > 0 && rows > 0)
        {
            if (!_sessions.TryTake(out var session))
            {
                session = new OnlineReadSession(await _workspace.OpenConnectionAsync(cancellationToken).ConfigureAwait(false));
            }

            try
            {
                var command = await session.GetCommandAsync(plan, rows, _table, cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < keys.Length; i++)
                {
                    command.Parameters[views.Length + i].Value = keys[i];
                }

                // Small requests scan; larger ones look positions up by key (a key may repeat in a request).
                Dictionary<string, List<int>>? positions = null;
                if (rows > 8)
                {
                    positions = new Dictionary<string, List<int>>(StringComparer.Ordinal);
                    for (var i = 0; i < keys.Length; i++)
                    {
                        var composite = (i / rows).ToString(CultureInfo.InvariantCulture) + "\u0000" + keys[i];
                        if (!positions.TryGetValue(composite, out var list))
                        {
                            positions[composite] = list = new List<int>(1);
                        }

                        list.Add(i);
                    }
                }

                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var viewName = reader.GetString(0);
                    var key = reader.GetString(1);
                    var eventTs = reader.GetInt64(2);
                    var payload = (byte[])reader.GetValue(3);
                    for (var v = 0; v < views.Length; v++)
                    {
                        if (!string.Equals(views[v].View.Name, viewName, StringComparison.Ordinal))
                        {
                            continue;
                        }

                        if (positions is not null)
                        {
                            if (positions.TryGetValue(v.ToString(CultureInfo.InvariantCulture) + "\u0000" + key, out var list))
                            {
                                foreach (var i in list)
                                {
                                    found[i] = (eventTs, payload);
                                }
                            }

                            continue;
                        }

                        for (var r = 0; r < rows; r++)
                        {
                            if (string.Equals(keys[(v * rows) + r], key, StringComparison.Ordinal))
                            {
                                found[(v * rows) + r] = (eventTs, payload);
                            }
                        }
                    }
                }
            }
            finally
            {
                if (_disposed == 0)
                {
                    _sessions.Add(session);
                }
                else
                {
                    await session.DisposeAsync().ConfigureAwait(false);
                }
            }
        }

        return Assemble(plan, entities, found, nowMicros);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        while (_sessions.TryTake(out var session))
        {
            await session.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The text key of an entity for a view: its join key values, coerced to their declared types and formatted invariantly.</summary>
    public static string EntityKey(FeatureView view, IReadOnlyDictionary<string, object?> entity)
    {
        var joinKeys = view.JoinKeys;
        if (joinKeys.Count == 1)
        {
            return Format(view, joinKeys[0], entity);
        }

        var text = new StringBuilder();
        for (var i = 0; i < joinKeys.Count; i++)
        {
            if (i > 0)
            {
                text.Append(JoinKeys.Separator);
            }

            text.Append(Format(view, joinKeys[i], entity));
        }

        return text.ToString();
    }

    private static string Format(FeatureView view, Feature key, IReadOnlyDictionary<string, object?> entity)
    {
        if (!entity.TryGetValue(key.Name, out var value) || value is null)
        {
            throw new ValidationException($"The entity row has no value for '{key.Name}', the join key of feature view '{view.Name}'.");
        }

        try
        {
            return OnlineValues.Coerce(value, key.Type) switch
            {
                long l => l.ToString(CultureInfo.InvariantCulture),
                var other => JoinKeys.Format([other]),
            };
        }
        catch (FormatException)
        {
            throw new ValidationException($"The entity row's '{key.Name}' is '{value}', not a {FeatureTypes.ToName(key.Type)} (join key of feature view '{view.Name}').");
        }
    }

    private static OnlineFeatures Assemble(CompiledFeatureService plan, IReadOnlyList<IReadOnlyDictionary<string, object?>> entities, (long Event, byte[] Payload)?[] found, long nowMicros)
    {
        var rows = entities.Count;
        var width = plan.Features.Count;
        var slotValues = new object?[plan.SlotCount];
        var slotStatus = new FeatureStatus[plan.SlotCount];
        var slotTs = new long[plan.SlotCount];
        var values = new object?[rows * width];
        var statuses = new FeatureStatus[rows * width];
        var timestamps = new long[rows * width];
        var views = plan.Views;
        object?[] decoded = [];
        for (var r = 0; r < rows; r++)
        {
            for (var v = 0; v < views.Length; v++)
            {
                var step = views[v];
                var hit = found[(v * rows) + r];
                if (hit is not { } row)
                {
                    foreach (var (_, slot) in step.Picks)
                    {
                        (slotValues[slot], slotStatus[slot], slotTs[slot]) = (null, FeatureStatus.NotFound, OnlineFeatures.NoTimestamp);
                    }

                    continue;
                }

                if (step.TtlMicros > 0 && row.Event < nowMicros - step.TtlMicros)
                {
                    foreach (var (_, slot) in step.Picks)
                    {
                        (slotValues[slot], slotStatus[slot], slotTs[slot]) = (null, FeatureStatus.OutsideMaxAge, row.Event);
                    }

                    continue;
                }

                if (decoded.Length < step.View.Features.Count)
                {
                    decoded = new object?[step.View.Features.Count];
                }

                OnlineValues.Decode(row.Payload, step.View.Features, decoded, step.Needed);
                foreach (var (feature, slot) in step.Picks)
                {
                    var value = decoded[feature];
                    (slotValues[slot], slotStatus[slot], slotTs[slot]) = (value, value is null ? FeatureStatus.NullValue : FeatureStatus.Present, row.Event);
                }
            }

            foreach (var step in plan.OnDemand)
            {
                var odfv = step.View;
                var request = new object?[odfv.RequestFields.Count];
                for (var i = 0; i < request.Length; i++)
                {
                    request[i] = entities[r].TryGetValue(odfv.RequestFields[i].Name, out var value) ? OnlineValues.Coerce(value, odfv.RequestFields[i].Type) : null;
                }

                var inputs = new object?[step.InputSlots.Length];
                for (var i = 0; i < inputs.Length; i++)
                {
                    inputs[i] = slotStatus[step.InputSlots[i]] == FeatureStatus.Present ? slotValues[step.InputSlots[i]] : null;
                }

                var outputs = odfv.Compute(request, inputs);
                for (var i = 0; i < outputs.Length; i++)
                {
                    if (step.OutputSlots[i] is var slot and >= 0)
                    {
                        var value = OnlineValues.Coerce(outputs[i], odfv.Outputs[i].Type);
                        (slotValues[slot], slotStatus[slot], slotTs[slot]) = (value, value is null ? FeatureStatus.NullValue : FeatureStatus.Present, OnlineFeatures.NoTimestamp);
                    }
                }
            }

            Array.Copy(slotValues, 0, values, r * width, width);
            Array.Copy(slotStatus, 0, statuses, r * width, width);
            Array.Copy(slotTs, 0, timestamps, r * width, width);
        }

        return new OnlineFeatures(plan.ColumnNames, rows, values, statuses, timestamps);
    }
}
