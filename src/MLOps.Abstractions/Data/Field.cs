namespace MLOps.Data;

/// <summary>A named, typed column slot of a <see cref="Schema"/>.</summary>
/// <param name="Name">The column name; not empty or white space. Compared ordinally (case-sensitive).</param>
/// <param name="Type">The column's data type.</param>
/// <param name="IsNullable">Whether the column may hold nulls. The default is <see langword="true"/>.</param>
/// <remarks>Immutable and thread-safe. Equality is by name (ordinal), type and nullability.</remarks>
/// <exception cref="ValidationException">The name is empty or white space, or the type is not a defined <see cref="DataType"/>.</exception>
public sealed record Field(string Name, DataType Type, bool IsNullable = true)
{
    /// <summary>The column name; not empty or white space.</summary>
    /// <exception cref="ValidationException">Set to an empty or white-space name.</exception>
    public string Name { get; init => field = ValidateName(value); } = ValidateName(Name);

    /// <summary>The column's data type.</summary>
    /// <exception cref="ValidationException">Set to a value that is not a defined <see cref="DataType"/>.</exception>
    public DataType Type { get; init => field = ValidateType(value, Name); } = ValidateType(Type, Name);

    /// <summary>Formats the field as <c>name: Type</c>, adding <c>not null</c> when it is not nullable.</summary>
    /// <returns>The field in a readable form.</returns>
    public override string ToString() => IsNullable ? $"{Name}: {Type}" : $"{Name}: {Type} not null";

    private static string ValidateName(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ValidationException("A field name must not be empty or white space.");
        }

        return name;
    }

    private static DataType ValidateType(DataType type, string name)
    {
        if (!Enum.IsDefined(type))
        {
            throw new ValidationException($"Field '{name}' has an unknown data type ({(int)type}).");
        }

        return type;
    }
}
