using System.CommandLine;
using MLOps.Cli.Hosting;
using MLOps.Cli.Output;

namespace MLOps.Cli.Commands.Blobs;

/// <summary>
/// <c>mlops blobs put|get|list|verify</c>: the workspace's content-addressed store, by hand.
/// </summary>
public static class BlobCommands
{
    /// <summary>Creates the command group.</summary>
    /// <param name="actions">The shared action wrapper.</param>
    /// <returns>The group.</returns>
    public static Command Create(CommandActions actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        return new Command("blobs", "Store, read, list and verify content-addressed blobs.")
        {
            Put(actions),
            Get(actions),
            List(actions),
            Verify(actions),
        };
    }

    private static Command Put(CommandActions actions)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The file to store." };
        var command = new Command("put", "Store a file; prints its hash.") { file };
        actions.Set(command, async (context, cancellationToken) =>
        {
            var path = context.Get(file)!;
            if (!path.Exists)
            {
                throw new NotFoundException($"File {path.FullName} does not exist.");
            }

            await using var workspace = await context.OpenWorkspaceAsync(cancellationToken);
            await using var stream = path.OpenRead();
            var info = await workspace.Blobs.PutAsync(stream, cancellationToken);
            var result = new { hash = info.Hash.ToString(), size = info.Size, created = info.Created };
            context.Write(result, o => o.WriteLine($"{info.Hash}  {info.Size} bytes{(info.Created ? string.Empty : " (already stored)")}"));
            return 0;
        });
        return command;
    }

    private static Command Get(CommandActions actions)
    {
        var hash = new Argument<string>("HASH") { Description = "The blob's SHA-256 (64 hex characters)." };
        var output = new Option<FileInfo>("--out", "-o") { Description = "Where to write the content.", Required = true };
        var command = new Command("get", "Write a blob's verified content to a file.") { hash, output };
        actions.Set(command, async (context, cancellationToken) =>
        {
            var contentHash = ContentHash.Parse(context.Get(hash)!);
            var target = context.Get(output)!;
            await using var workspace = await context.OpenWorkspaceAsync(cancellationToken);
            var temp = target.FullName + ".partial";
            try
            {
                await using (var source = await workspace.Blobs.OpenReadAsync(contentHash, cancellationToken))
                await using (var destination = File.Create(temp))
                {
                    await source.CopyToAsync(destination, cancellationToken);
                }

                File.Move(temp, target.FullName, overwrite: true);
            }
            finally
            {
                File.Delete(temp);
            }

            context.Write(new { hash = contentHash.ToString(), path = target.FullName, size = target.Length }, o => o.WriteLine($"{contentHash} -> {target.FullName}"));
            return 0;
        });
        return command;
    }

    private static Command List(CommandActions actions)
    {
        var command = new Command("list", "List every blob with its size.");
        actions.Set(command, async (context, cancellationToken) =>
        {
            await using var workspace = await context.OpenWorkspaceAsync(cancellationToken);
            var blobs = new List<BlobEntry>();
            await foreach (var hash in workspace.Blobs.EnumerateAsync(cancellationToken))
            {
                blobs.Add(new BlobEntry(hash.ToString(), await workspace.Blobs.GetSizeAsync(hash, cancellationToken) ?? 0));
            }

            blobs.Sort((a, b) => string.CompareOrdinal(a.Hash, b.Hash));
            context.Write(new { blobs }, o => TableWriter.Write(o, ["hash", "size"], blobs.Select(b => (IReadOnlyList<string>)[b.Hash, b.Size.ToString(System.Globalization.CultureInfo.InvariantCulture)])));
            return 0;
        });
        return command;
    }

    private static Command Verify(CommandActions actions)
    {
        var command = new Command("verify", "Re-hash every blob; exit 1 naming each corrupt one.");
        actions.Set(command, async (context, cancellationToken) =>
        {
            await using var workspace = await context.OpenWorkspaceAsync(cancellationToken);
            var corrupt = new List<string>();
            long verified = 0;
            await foreach (var hash in workspace.Blobs.EnumerateAsync(cancellationToken))
            {
                try
                {
                    await using var stream = await workspace.Blobs.OpenReadAsync(hash, cancellationToken);
                    await stream.CopyToAsync(Stream.Null, cancellationToken);
                    verified++;
                }
                catch (CorruptException e)
                {
                    corrupt.Add(e.Message);
                }
            }

            context.Write(new { verified, corrupt }, o =>
            {
                o.WriteLine($"{verified} blobs verified, {corrupt.Count} corrupt");
                corrupt.ForEach(o.WriteLine);
            });
            foreach (var message in corrupt)
            {
                await context.Error.WriteLineAsync("mlops: " + message);
            }

            return corrupt.Count == 0 ? 0 : 1;
        });
        return command;
    }

    private sealed record BlobEntry(string Hash, long Size);
}
