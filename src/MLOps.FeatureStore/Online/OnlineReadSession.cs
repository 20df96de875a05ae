using System.Data.Common;
using System.Globalization;
using System.Text;
using MLOps.Storage.Sql;

namespace MLOps.FeatureStore;

/// <summary>A long-lived connection and its prepared read commands.</summary>
internal sealed class OnlineReadSession(DbConnection connection) : IAsyncDisposable
{
    private readonly Dictionary<(CompiledFeatureService Plan, int Rows), DbCommand> _commands = [];

    public async ValueTask<DbCommand> GetCommandAsync(CompiledFeatureService plan, int rows, string table, CancellationToken cancellationToken)
    {
        if (_commands.TryGetValue((plan, rows), out var command))
        {
            return command;
        }

        var sql = new StringBuilder("SELECT view_name, entity_key, event_ts, payload FROM ").Append(table).Append(" WHERE ");
        for (var v = 0; v < plan.Views.Length; v++)
        {
            sql.Append(v == 0 ? "(" : " OR (").Append("view_name = @v").Append(v).Append(" AND entity_key IN (");
            for (var r = 0; r < rows; r++)
            {
                sql.Append(r == 0 ? "@k" : ", @k").Append((v * rows) + r);
            }

            sql.Append("))");
        }

        command = connection.CreateCommand(sql.ToString(), null);
        for (var v = 0; v < plan.Views.Length; v++)
        {
            command.AddParameter("v" + v.ToString(CultureInfo.InvariantCulture), plan.Views[v].View.Name);
        }

        for (var i = 0; i < plan.Views.Length * rows; i++)
        {
            command.AddParameter("k" + i.ToString(CultureInfo.InvariantCulture), string.Empty);
        }

        await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
        if (_commands.Count > 256)
        {
            foreach (var old in _commands.Values)
            {
                await old.DisposeAsync().ConfigureAwait(false);
            }

            _commands.Clear();
        }

        _commands[(plan, rows)] = command;
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _commands.Values)
        {
            await command.DisposeAsync().ConfigureAwait(false);
        }

        await connection.DisposeAsync().ConfigureAwait(false);
    }
}
