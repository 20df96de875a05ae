namespace MLOps.DataVersioning;

/// <summary>What a stored object refers to, parsed from its bytes: shared by the graph walk (gc, verify, push) and the pull.</summary>
internal static class ObjectLinks
{
    /// <summary>
    /// The objects one object reaches, each with where it was reached from (a ref and path, for messages):
    /// a commit its parents then its tree; a tree its entries; a manifest its chunks; a chunk nothing.
    /// </summary>
    /// <param name="hash">The object's hash.</param>
    /// <param name="kind">Its kind.</param>
    /// <param name="bytes">Its content.</param>
    /// <param name="context">Where it was reached from.</param>
    /// <param name="where">How to name it in a <see cref="CorruptException"/>.</param>
    /// <returns>The linked objects, in order.</returns>
    /// <exception cref="CorruptException">The bytes are not an object of that kind.</exception>
    public static List<(ContentHash Hash, ObjectKind Kind, string Context)> Parse(ContentHash hash, ObjectKind kind, byte[] bytes, string context, string where)
    {
        switch (kind)
        {
            case ObjectKind.Commit:
            {
                var commit = Commit.Parse(bytes, where);
                var links = commit.Parents.Select(p => (p, ObjectKind.Commit, $"parent of {hash}")).ToList();
                links.Add((commit.Tree, ObjectKind.Tree, $"{context}:/"));
                return links;
            }

            case ObjectKind.Tree:
            {
                var prefix = context.EndsWith('/') ? context : context + "/";
                return Tree.Parse(bytes, where).Entries.Select(e => e.Kind == TreeEntryKind.Directory
                    ? (e.Hash, ObjectKind.Tree, prefix + e.Name + "/")
                    : (e.Hash, ObjectKind.Manifest, prefix + e.Name)).ToList();
            }

            case ObjectKind.Manifest:
                return FileManifest.Parse(bytes, where).Chunks.Select((c, i) => (c.Hash, ObjectKind.Chunk, $"{context}, chunk {i}")).ToList();

            default:
                return [];
        }
    }
}
