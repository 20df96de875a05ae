using MLOps.Lineage;

namespace MLOps.Abstractions.Tests.Lineage;

public sealed class LineageReferenceTests
{
    [Fact]
    public void Parses_every_kind()
    {
        var dataset = Assert.IsType<DatasetReference>(LineageReference.Parse("dataset:churn.v2@3f2a9c1"));
        Assert.Equal(("churn.v2", "3f2a9c1", "dataset"), (dataset.Name, dataset.Commit, dataset.Kind));

        var run = Assert.IsType<RunReference>(LineageReference.Parse("run:8d1e0c4b_A-1"));
        Assert.Equal(("8d1e0c4b_A-1", "run"), (run.RunId, run.Kind));

        var version = Assert.IsType<ModelVersionReference>(LineageReference.Parse("model:churn-model/12"));
        Assert.Equal(("churn-model", 12, "model"), (version.Name, version.Version, version.Kind));

        var alias = Assert.IsType<ModelAliasReference>(LineageReference.Parse("model:churn@v1"));
        Assert.Equal(("churn", "v1", "model"), (alias.Name, alias.Alias, alias.Kind));

        var features = Assert.IsType<FeatureServiceReference>(LineageReference.Parse("features:churn_features"));
        Assert.Equal(("churn_features", "features"), (features.Service, features.Kind));
    }

    [Fact]
    public void Formats_canonical_text()
    {
        Assert.Equal("dataset:churn@3f2a9c1", new DatasetReference("churn", "3F2A9C1").ToString());
        Assert.Equal("run:abc", new RunReference("abc").ToString());
        Assert.Equal("model:churn/2147483647", new ModelVersionReference("churn", int.MaxValue).ToString());
        Assert.Equal("model:churn@production", new ModelAliasReference("churn", "production").ToString());
        Assert.Equal("features:churn", new FeatureServiceReference("churn").ToString());
    }

    [Fact]
    public void Dataset_reference_accepts_a_content_hash_as_commit()
    {
        var hash = ContentHash.Compute("abc"u8);
        var reference = new DatasetReference("churn", hash);
        Assert.Equal(hash.ToString(), reference.Commit);
        Assert.Equal(reference, DatasetReference.Parse($"dataset:churn@{hash}"));
    }

    [Fact]
    public void Equality_is_by_value_and_kind()
    {
        Assert.Equal(new DatasetReference("a", "ABCDEF1"), new DatasetReference("a", "abcdef1"));
        Assert.NotEqual<LineageReference>(new RunReference("churn"), new FeatureServiceReference("churn"));
        Assert.NotEqual(new RunReference("Churn"), new RunReference("churn"));
        Assert.Equal(new ModelVersionReference("m", 3).GetHashCode(), new ModelVersionReference("m", 3).GetHashCode());
    }

    [Fact]
    public void Names_may_be_128_characters_but_not_129()
    {
        var longest = new string('n', 128);
        Assert.Equal(longest, new FeatureServiceReference(longest).Service);
        var error = Assert.Throws<ValidationException>(() => LineageReference.Parse("features:" + longest + "n"));
        Assert.Contains("at position 137: the feature service name is 129 characters long; at most 128 are allowed", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", 0, "expected KIND:…, where KIND is dataset, run, model or features")]
    [InlineData("churn", 0, "expected KIND:")]
    [InlineData("Dataset:churn@abcdef1", 0, "unknown kind 'Dataset'")]
    [InlineData(":churn", 0, "unknown kind ''")]
    [InlineData("dataset:churn", 13, "expected '@COMMIT' after the dataset name")]
    [InlineData("dataset:@abcdef1", 8, "the dataset name is empty")]
    [InlineData("dataset:ch/urn@abcdef1", 10, "character '/' is not allowed in a dataset name")]
    [InlineData("dataset:_churn@abcdef1", 8, "must start with an ASCII letter or digit, not '_'")]
    [InlineData("dataset:churn@abc", 17, "the commit id is 3 hexadecimal digits long; 7 to 64 are needed")]
    [InlineData("dataset:churn@abcdefg", 20, "character 'g' is not allowed in a commit id")]
    [InlineData("dataset:churn@abcdef1@abcdef1", 21, "character '@' is not allowed in a commit id")]
    [InlineData("dataset:churn@00000000000000000000000000000000000000000000000000000000000000000", 78, "the commit id is 65 hexadecimal digits long")]
    [InlineData("run:", 4, "the run id is empty")]
    [InlineData("run: abc", 4, "character ' ' is not allowed in a run id")]
    [InlineData("run:a.b", 5, "character '.' is not allowed in a run id")]
    [InlineData("run:12345678901234567890123456789012345678901234567890123456789012345", 68, "the run id is 65 characters long; at most 64 are allowed")]
    [InlineData("model:churn", 11, "expected '/VERSION' or '@ALIAS' after the model name")]
    [InlineData("model:/3", 6, "the model name is empty")]
    [InlineData("model:.churn/3", 6, "must start with an ASCII letter or digit, not '.'")]
    [InlineData("model:churn/", 12, "the model version is empty")]
    [InlineData("model:churn/0", 12, "model versions are whole numbers from 1 without leading zeros")]
    [InlineData("model:churn/007", 12, "without leading zeros")]
    [InlineData("model:churn/-1", 12, "character '-' is not allowed in a model version")]
    [InlineData("model:churn/1.5", 13, "character '.' is not allowed in a model version")]
    [InlineData("model:churn/2@prod", 13, "character '@' is not allowed in a model version")]
    [InlineData("model:churn/2147483648", 12, "model version 2147483648 is larger than 2147483647")]
    [InlineData("model:churn@", 12, "the model alias is empty")]
    [InlineData("model:churn@1", 12, "alias '1' is all digits and would read as a version; version 1 of the model is written 'model:churn/1'")]
    [InlineData("model:churn@prod/1", 16, "character '/' is not allowed in a model alias")]
    [InlineData("features:", 9, "the feature service name is empty")]
    [InlineData("features:churn features", 14, "character ' ' is not allowed in a feature service name")]
    public void Rejects_text_naming_the_position_and_the_part(string text, int position, string reason)
    {
        var error = Assert.Throws<ValidationException>(() => LineageReference.Parse(text));
        Assert.StartsWith($"Lineage reference '{text}' is invalid at position {position}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.False(LineageReference.TryParse(text, out var reference));
        Assert.Null(reference);
    }

    [Fact]
    public void Null_text_throws_from_Parse_and_fails_TryParse()
    {
        Assert.Throws<ArgumentNullException>(() => LineageReference.Parse(null!));
        Assert.Throws<ArgumentNullException>(() => DatasetReference.Parse(null!));
        Assert.Throws<ArgumentNullException>(() => RunReference.Parse(null!));
        Assert.Throws<ArgumentNullException>(() => ModelVersionReference.Parse(null!));
        Assert.Throws<ArgumentNullException>(() => ModelAliasReference.Parse(null!));
        Assert.Throws<ArgumentNullException>(() => FeatureServiceReference.Parse(null!));
        Assert.False(LineageReference.TryParse(null, out _));
        Assert.False(DatasetReference.TryParse(null, out _));
        Assert.False(RunReference.TryParse(null, out _));
        Assert.False(ModelVersionReference.TryParse(null, out _));
        Assert.False(ModelAliasReference.TryParse(null, out _));
        Assert.False(FeatureServiceReference.TryParse(null, out _));
    }

    [Fact]
    public void Typed_parse_rejects_another_kind_naming_both()
    {
        var error = Assert.Throws<ValidationException>(() => DatasetReference.Parse("run:abc"));
        Assert.Equal("Lineage reference 'run:abc' is a run reference, not a dataset reference.", error.Message);

        error = Assert.Throws<ValidationException>(() => ModelVersionReference.Parse("model:churn@prod"));
        Assert.Equal("Lineage reference 'model:churn@prod' is a model alias reference, not a model version reference.", error.Message);

        error = Assert.Throws<ValidationException>(() => ModelAliasReference.Parse("model:churn/3"));
        Assert.Contains("is a model version reference, not a model alias reference", error.Message, StringComparison.Ordinal);

        error = Assert.Throws<ValidationException>(() => RunReference.Parse("features:f"));
        Assert.Contains("is a feature service reference, not a run reference", error.Message, StringComparison.Ordinal);

        error = Assert.Throws<ValidationException>(() => FeatureServiceReference.Parse("dataset:d@abcdef1"));
        Assert.Contains("is a dataset reference, not a feature service reference", error.Message, StringComparison.Ordinal);

        Assert.False(ModelVersionReference.TryParse("model:churn@prod", out _));
        Assert.False(ModelAliasReference.TryParse("model:churn/3", out _));
        Assert.False(DatasetReference.TryParse("dataset:churn", out _));
        Assert.True(ModelAliasReference.TryParse("model:churn@prod", out var alias));
        Assert.Equal("prod", alias.Alias);
    }

    [Fact]
    public void Typed_parse_reports_grammar_errors_with_positions()
    {
        var error = Assert.Throws<ValidationException>(() => ModelVersionReference.Parse("model:churn/x"));
        Assert.StartsWith("Lineage reference 'model:churn/x' is invalid at position 12: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructors_validate_their_parts()
    {
        var error = Assert.Throws<ValidationException>(() => new DatasetReference("a b", "abcdef1"));
        Assert.Equal("Dataset name 'a b' is invalid at position 1: character ' ' is not allowed in a dataset name; use ASCII letters, digits, '_', '-' and '.'.", error.Message);

        error = Assert.Throws<ValidationException>(() => new DatasetReference("a", "xyz"));
        Assert.StartsWith("Dataset commit id 'xyz' is invalid at position 0: ", error.Message, StringComparison.Ordinal);

        error = Assert.Throws<ValidationException>(() => new RunReference(string.Empty));
        Assert.Equal("Run id '' is invalid at position 0: the run id is empty.", error.Message);

        error = Assert.Throws<ValidationException>(() => new ModelVersionReference("churn", 0));
        Assert.Equal("Model version 0 of 'churn' is invalid: versions are whole numbers from 1.", error.Message);
        Assert.Throws<ValidationException>(() => new ModelVersionReference("churn", -4));
        Assert.Throws<ValidationException>(() => new ModelVersionReference("a/b", 1));

        error = Assert.Throws<ValidationException>(() => new ModelAliasReference("churn", "42"));
        Assert.Contains("'model:churn/42'", error.Message, StringComparison.Ordinal);
        Assert.Throws<ValidationException>(() => new ModelAliasReference("churn@x", "prod"));

        error = Assert.Throws<ValidationException>(() => new FeatureServiceReference("-f"));
        Assert.StartsWith("Feature service name '-f' is invalid at position 0: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructors_reject_null_parts()
    {
        Assert.Throws<ArgumentNullException>(() => new DatasetReference(null!, "abcdef1"));
        Assert.Throws<ArgumentNullException>(() => new DatasetReference("a", (string)null!));
        Assert.Throws<ArgumentNullException>(() => new DatasetReference(null!, ContentHash.Empty));
        Assert.Throws<ArgumentNullException>(() => new RunReference(null!));
        Assert.Throws<ArgumentNullException>(() => new ModelVersionReference(null!, 1));
        Assert.Throws<ArgumentNullException>(() => new ModelAliasReference(null!, "prod"));
        Assert.Throws<ArgumentNullException>(() => new ModelAliasReference("churn", null!));
        Assert.Throws<ArgumentNullException>(() => new FeatureServiceReference(null!));
    }
}
