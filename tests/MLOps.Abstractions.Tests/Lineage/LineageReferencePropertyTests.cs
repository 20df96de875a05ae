using FsCheck;
using FsCheck.Fluent;
using MLOps.Lineage;

namespace MLOps.Abstractions.Tests.Lineage;

public sealed class LineageReferencePropertyTests
{
    [Fact]
    public void Parse_of_the_canonical_text_gives_back_an_equal_reference()
    {
        Prop.ForAll(Arb.From(LineageGenerators.Reference), reference =>
        {
            var text = reference.ToString();
            var parsed = LineageReference.Parse(text);
            return parsed == reference
                && parsed.GetType() == reference.GetType()
                && parsed.ToString() == text
                && text.StartsWith(reference.Kind + ":", StringComparison.Ordinal)
                && LineageReference.TryParse(text, out var tried) && tried == reference;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Each_kind_parses_its_own_text()
    {
        Prop.ForAll(Arb.From(LineageGenerators.Reference), reference =>
        {
            var text = reference.ToString();
            LineageReference typed = reference switch
            {
                DatasetReference => DatasetReference.Parse(text),
                RunReference => RunReference.Parse(text),
                ModelVersionReference => ModelVersionReference.Parse(text),
                ModelAliasReference => ModelAliasReference.Parse(text),
                _ => FeatureServiceReference.Parse(text),
            };
            return typed == reference;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Commit_ids_are_case_insensitive_and_stored_lower_case()
    {
        var gen = LineageGenerators.Name.SelectMany(_ => LineageGenerators.Commit, (name, commit) => (name, commit));
        Prop.ForAll(Arb.From(gen), sample =>
        {
            var upper = DatasetReference.Parse($"dataset:{sample.name}@{sample.commit.ToUpperInvariant()}");
            return upper == new DatasetReference(sample.name, sample.commit) && upper.Commit == sample.commit;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_character_outside_the_grammar_is_reported_at_its_position()
    {
        var gen = LineageGenerators.Name.SelectMany(
            name => Gen.Choose(1, name.Length).SelectMany(_ => Gen.Elements(' ', '/', ':', '#', 'é', '\t'), (at, bad) => (at, bad)),
            (name, insert) => (name, insert.at, insert.bad));

        Prop.ForAll(Arb.From(gen), sample =>
        {
            var service = sample.name.Insert(sample.at, sample.bad.ToString());
            var text = "features:" + service;
            var error = Assert.Throws<ValidationException>(() => LineageReference.Parse(text));
            return error.Message.StartsWith($"Lineage reference '{text}' is invalid at position {9 + sample.at}: ", StringComparison.Ordinal)
                && !LineageReference.TryParse(text, out _);
        }).QuickCheckThrowOnFailure();
    }
}
