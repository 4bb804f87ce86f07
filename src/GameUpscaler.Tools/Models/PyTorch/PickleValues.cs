namespace GameUpscaler.Models.PyTorch;

/// <summary>
/// A dict (or <c>collections.OrderedDict</c>) of a state-dict pickle: string keys in insertion order. Keys appear
/// once; a pickle that sets one twice is refused (Python would keep the last silently).
/// </summary>
internal sealed class PickleDict
{
    private readonly List<KeyValuePair<string, object?>> _items = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    public PickleDict(bool ordered) => Ordered = ordered;

    /// <summary>Made by <c>collections.OrderedDict()</c> rather than <c>{}</c>.</summary>
    public bool Ordered { get; }

    public IReadOnlyList<KeyValuePair<string, object?>> Items => _items;

    public int Count => _items.Count;

    /// <summary>Adds an entry; false when the key is there already.</summary>
    public bool TryAdd(string key, object? value)
    {
        if (!_index.TryAdd(key, _items.Count))
        {
            return false;
        }

        _items.Add(new(key, value));
        return true;
    }

    public bool TryGetValue(string key, out object? value)
    {
        if (_index.TryGetValue(key, out int i))
        {
            value = _items[i].Value;
            return true;
        }

        value = null;
        return false;
    }
}

/// <summary>One of the few globals a state-dict pickle may name (see <see cref="PickleReader"/>).</summary>
internal sealed record PickleGlobal(string Module, string Name)
{
    public const string OrderedDict = "collections.OrderedDict";
    public const string RebuildTensorV2 = "torch._utils._rebuild_tensor_v2";

    public string FullName => $"{Module}.{Name}";
}

/// <summary>A storage as its persistent id names it: <c>('storage', torch.FloatStorage, '0', 'cpu', 1728)</c>.</summary>
internal sealed record StorageReference(string Key, TorchStorageType Type, string Location, long Elements);

/// <summary>A tensor as <c>_rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks)</c> describes it.</summary>
internal sealed record TensorReference(StorageReference Storage, long Offset, long[] Size, long[] Stride);
