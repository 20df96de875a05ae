using System.Text.Json;
using System.Text.Json.Serialization;

namespace MLOps.Storage;

/// <summary>
/// The optional <c>config.json</c> in a workspace folder. It records where the metadata lives, so every
/// program that opens the folder (the app, the CLI, a pipeline worker) uses the same database with no
/// code change: <c>{"provider": "postgresql", "connection_string": "Host=…"}</c>.
/// </summary>
public sealed class WorkspaceConfig
{
    /// <summary>The file name inside the workspace folder.</summary>
    public const string FileName = "config.json";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The metadata provider: <c>sqlite</c> or <c>postgresql</c>.</summary>
    /// <value>The default value is <c>sqlite</c>.</value>
    public string Provider { get; set; } = WorkspaceOptions.SqliteProvider;

    /// <summary>The PostgreSQL connection string, when the provider is PostgreSQL.</summary>
    /// <value>The default value is null.</value>
    public string? ConnectionString { get; set; }

    /// <summary>Reads the config of a workspace folder, or null when it has none.</summary>
    /// <param name="workspacePath">The workspace folder.</param>
    /// <returns>The config, or null.</returns>
    /// <exception cref="ValidationException">The file is not valid JSON of this shape; the message names the file.</exception>
    public static WorkspaceConfig? Read(string workspacePath)
    {
        var path = System.IO.Path.Combine(workspacePath, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<WorkspaceConfig>(File.ReadAllText(path), JsonOptions)
                ?? throw new ValidationException($"The workspace config {path} is empty.");
        }
        catch (JsonException e)
        {
            throw new ValidationException($"The workspace config {path} is not valid: {e.Message}", e);
        }
    }

    /// <summary>Writes the config into a workspace folder atomically (temporary file, then rename).</summary>
    /// <param name="workspacePath">The workspace folder.</param>
    public void Write(string workspacePath)
    {
        Directory.CreateDirectory(workspacePath);
        var path = System.IO.Path.Combine(workspacePath, FileName);
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(this, JsonOptions));
        File.Move(temp, path, overwrite: true);
    }
}
