using FsCheck;
using FsCheck.Fluent;
using MLOps.Lineage;

namespace MLOps.Abstractions.Tests.Lineage;

/// <summary>Valid parts of lineage references, drawn from the documented grammar.</summary>
internal static class LineageGenerators
{
    private const string LettersAndDigits = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    public static Gen<string> Name { get; } =
        Gen.Elements(LettersAndDigits.ToCharArray()).SelectMany(
            first => Text(LettersAndDigits + "_-.", 0, 30),
            (first, rest) => first + rest);

    public static Gen<string> Alias { get; } = Name.Where(alias => !alias.All(char.IsAsciiDigit));

    public static Gen<string> RunId { get; } = Text(LettersAndDigits + "_-", 1, 40);

    public static Gen<string> Commit { get; } = Text("0123456789abcdef", 7, 64);

    public static Gen<int> Version { get; } = Gen.Frequency(
        (3, Gen.Choose(1, 100)),
        (1, Gen.Choose(1, int.MaxValue)));

    public static Gen<LineageReference> Reference { get; } = Gen.OneOf(
        Name.SelectMany(_ => Commit, (name, commit) => (LineageReference)new DatasetReference(name, commit)),
        RunId.Select(id => (LineageReference)new RunReference(id)),
        Name.SelectMany(_ => Version, (name, version) => (LineageReference)new ModelVersionReference(name, version)),
        Name.SelectMany(_ => Alias, (name, alias) => (LineageReference)new ModelAliasReference(name, alias)),
        Name.Select(service => (LineageReference)new FeatureServiceReference(service)));

    private static Gen<string> Text(string alphabet, int minLength, int maxLength) =>
        Gen.Choose(minLength, maxLength).SelectMany(
            length => Gen.ArrayOf(Gen.Elements(alphabet.ToCharArray()), length),
            (_, chars) => new string(chars));
}
