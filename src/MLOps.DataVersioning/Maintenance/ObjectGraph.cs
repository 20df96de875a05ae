using MLOps.Storage.Blobs;

namespace MLOps.DataVersioning;

/// <summary>
/// Walks what commits reach — parents, trees, manifests, chunks — iteratively (no recursion, so long
/// histories and deep folders are fine), recording every object once and listing them children first
/// (chunks before their manifest, a tree's entries before the tree, parents before a commit): the order
/// in which a push sends them, so a remote that has an object has everything below it.
/// </summary>
internal sealed class ObjectGraph
{
    private readonly FileBlobStore _objects;
    private readonly Func<ContentHash, bool>? _skip;
    private readonly bool _throwOnProblem;
    private readonly HashSet<ContentHash> _seen = [];
    private readonly List<(ContentHash Hash, ObjectKind Kind)> _postOrder = [];
    private readonly List<string> _problems = [];

    /// <summary>Creates a walker.</summary>
    /// <param name="objects">The object store.</param>
    /// <param name="skip">Objects not to descend into (a remote already has them and all below); they are not listed.</param>
    /// <param name="throwOnProblem">Throw on the first missing or corrupt object instead of recording it.</param>
    public ObjectGraph(FileBlobStore objects, Func<ContentHash, bool>? skip = null, bool throwOnProblem = true)
    {
        _objects = objects;
        _skip = skip;
        _throwOnProblem = throwOnProblem;
    }

    /// <summary>Every object reached (skipped ones excluded).</summary>
    public IReadOnlySet<ContentHash> Reached => _seen;

    /// <summary>The reached objects, children first.</summary>
    public IReadOnlyList<(ContentHash Hash, ObjectKind Kind)> PostOrder => _postOrder;

    /// <summary>Missing or damaged objects, each named with where it was reached from.</summary>
    public IReadOnlyList<string> Problems => _problems;

    /// <summary>Walks from a commit.</summary>
    /// <param name="commit">The commit.</param>
    /// <param name="context">How the commit was reached (a ref), for messages.</param>
    /// <param name="cancellationToken">Cancels the walk.</param>
    /// <returns>A task.</returns>
    public ValueTask WalkCommitAsync(ContentHash commit, string context, CancellationToken cancellationToken) =>
        WalkAsync(commit, ObjectKind.Commit, context, cancellationToken);

    /// <summary>Walks from any object of a known kind.</summary>
    /// <param name="hash">The object.</param>
    /// <param name="kind">Its kind.</param>
    /// <param name="context">Where it was reached from, for messages.</param>
    /// <param name="cancellationToken">Cancels the walk.</param>
    /// <returns>A task.</returns>
    public async ValueTask WalkAsync(ContentHash hash, ObjectKind kind, string context, CancellationToken cancellationToken)
    {
        var stack = new Stack<Node>();
        stack.Push(new Node(hash, kind, context, Expanded: false));
        while (stack.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var node = stack.Pop();
            if (node.Expanded)
            {
                _postOrder.Add((node.Hash, node.Kind));
                continue;
            }

            if (_seen.Contains(node.Hash) || (_skip is not null && _skip(node.Hash)))
            {
                continue;
            }

            _seen.Add(node.Hash);
            var children = await ChildrenAsync(node, cancellationToken).ConfigureAwait(false);
            if (children is null)
            {
                continue;
            }

            stack.Push(node with { Expanded = true });
            for (var i = children.Count - 1; i >= 0; i--)
            {
                stack.Push(children[i]);
            }
        }
    }

    private async ValueTask<List<Node>?> ChildrenAsync(Node node, CancellationToken cancellationToken)
    {
        var where = $"{node.Kind.ToString().ToLowerInvariant()} {node.Hash} ({node.Context})";
        if (node.Kind == ObjectKind.Chunk)
        {
            if (!File.Exists(_objects.GetPath(node.Hash)))
            {
                Problem(new NotFoundException($"{where} is missing from '{_objects.RootPath}'."));
                return null;
            }

            return [];
        }

        byte[] bytes;
        try
        {
            bytes = await _objects.ReadAllBytesAsync(node.Hash, cancellationToken).ConfigureAwait(false);
        }
        catch (NotFoundException)
        {
            Problem(new NotFoundException($"{where} is missing from '{_objects.RootPath}'."));
            return null;
        }
        catch (CorruptException e)
        {
            Problem(new CorruptException($"{where} is corrupt: {e.Message}", e));
            return null;
        }

        try
        {
            return ObjectLinks.Parse(node.Hash, node.Kind, bytes, node.Context, where).Select(static l => new Node(l.Hash, l.Kind, l.Context, false)).ToList();
        }
        catch (CorruptException e)
        {
            Problem(e);
            return null;
        }
    }

    private void Problem(MLOpsException error)
    {
        if (_throwOnProblem)
        {
            throw error;
        }

        _problems.Add(error.Message);
    }

    private readonly record struct Node(ContentHash Hash, ObjectKind Kind, string Context, bool Expanded);
}
