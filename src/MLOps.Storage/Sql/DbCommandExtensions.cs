using System.Data.Common;

namespace MLOps.Storage.Sql;

/// <summary>Small helpers that keep module SQL short: parameters by name, scalar reads, execute with a transaction.</summary>
public static class DbCommandExtensions
{
    /// <summary>Creates a command on a connection, optionally in a transaction, with <c>@name</c> parameters.</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="sql">The statement.</param>
    /// <param name="transaction">The transaction to run in, or null.</param>
    /// <param name="parameters">Name/value pairs; names without the <c>@</c>; null values become SQL NULL.</param>
    /// <returns>A command the caller disposes.</returns>
    public static DbCommand CreateCommand(this DbConnection connection, string sql, DbTransaction? transaction, params (string Name, object? Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(parameters);
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            command.AddParameter(name, value);
        }

        return command;
    }

    /// <summary>Adds a <c>@name</c> parameter; null becomes SQL NULL.</summary>
    /// <param name="command">The command.</param>
    /// <param name="name">The name without the <c>@</c>.</param>
    /// <param name="value">The value.</param>
    /// <returns>The parameter.</returns>
    public static DbParameter AddParameter(this DbCommand command, string name, object? value)
    {
        ArgumentNullException.ThrowIfNull(command);
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@" + name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <summary>Runs a statement and returns the number of rows affected.</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="sql">The statement.</param>
    /// <param name="transaction">The transaction, or null.</param>
    /// <param name="cancellationToken">Cancels the statement.</param>
    /// <param name="parameters">Name/value pairs.</param>
    /// <returns>Rows affected.</returns>
    public static async ValueTask<int> ExecuteAsync(this DbConnection connection, string sql, DbTransaction? transaction, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.CreateCommand(sql, transaction, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs a query and returns the first column of the first row, converted; default when there is no row or it is NULL.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="connection">An open connection.</param>
    /// <param name="sql">The query.</param>
    /// <param name="transaction">The transaction, or null.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <param name="parameters">Name/value pairs.</param>
    /// <returns>The value or default.</returns>
    public static async ValueTask<T?> ScalarAsync<T>(this DbConnection connection, string sql, DbTransaction? transaction, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.CreateCommand(sql, transaction, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        if (value is null or DBNull)
        {
            return default;
        }

        return value is T typed ? typed : (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }
}
