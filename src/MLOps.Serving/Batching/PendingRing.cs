namespace MLOps.Serving;

/// <summary>A FIFO of queued requests with indexed access from the front; grows by doubling and never shrinks, so the steady path allocates nothing.</summary>
internal sealed class PendingRing
{
    private PendingRequest?[] _items = new PendingRequest?[16];
    private int _head;

    public int Count { get; private set; }

    public PendingRequest this[int index] => _items[(_head + index) & (_items.Length - 1)]!;

    public void Enqueue(PendingRequest request)
    {
        if (Count == _items.Length)
        {
            var grown = new PendingRequest?[_items.Length * 2];
            for (var i = 0; i < Count; i++)
            {
                grown[i] = this[i];
            }

            _items = grown;
            _head = 0;
        }

        _items[(_head + Count) & (_items.Length - 1)] = request;
        Count++;
    }

    public PendingRequest Dequeue()
    {
        var request = _items[_head]!;
        _items[_head] = null;
        _head = (_head + 1) & (_items.Length - 1);
        Count--;
        return request;
    }
}
