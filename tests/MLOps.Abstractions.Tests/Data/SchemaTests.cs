using MLOps.Data;

namespace MLOps.Abstractions.Tests.Data;

public sealed class SchemaTests
{
    private static readonly Schema People = new(
        new Field("id", DataType.Int64, IsNullable: false),
        new Field("name", DataType.String),
        new Field("score", DataType.Float64));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Field_rejects_an_empty_name(string name)
    {
        var ex = Assert.Throws<ValidationException>(() => new Field(name, DataType.Int32));
        Assert.Contains("empty", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Field_rejects_an_empty_name_set_through_with()
    {
        var field = new Field("a", DataType.Int32);
        Assert.Throws<ValidationException>(() => field with { Name = " " });
    }

    [Fact]
    public void Field_rejects_an_undefined_type_naming_the_field()
    {
        var ex = Assert.Throws<ValidationException>(() => new Field("weird", (DataType)42));
        Assert.Contains("'weird'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Field_defaults_to_nullable_and_formats_readably()
    {
        Assert.True(new Field("a", DataType.Int32).IsNullable);
        Assert.Equal("a: Int32", new Field("a", DataType.Int32).ToString());
        Assert.Equal("b: String not null", new Field("b", DataType.String, IsNullable: false).ToString());
    }

    [Fact]
    public void Duplicate_field_names_are_rejected_naming_the_field()
    {
        var ex = Assert.Throws<ValidationException>(() =>
            new Schema(new Field("x", DataType.Int32), new Field("y", DataType.Int32), new Field("x", DataType.String)));
        Assert.Contains("'x'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_null_field_is_rejected()
    {
        Assert.Throws<ValidationException>(() => new Schema(new Field("x", DataType.Int32), null!));
        Assert.Throws<ArgumentNullException>(() => new Schema((IEnumerable<Field>)null!));
    }

    [Fact]
    public void Lookup_is_ordinal_and_case_sensitive()
    {
        Assert.Equal(1, People.IndexOf("name"));
        Assert.Equal(-1, People.IndexOf("Name"));
        Assert.Equal(2, People.GetIndex("score"));
        Assert.Equal(DataType.Float64, People["score"].Type);
        Assert.Equal("id", People[0].Name);
    }

    [Fact]
    public void Unknown_column_lists_the_columns_there_are()
    {
        var ex = Assert.Throws<NotFoundException>(() => People.GetIndex("age"));
        Assert.Contains("'age'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("id, name, score", ex.Message, StringComparison.Ordinal);
        Assert.Throws<NotFoundException>(() => People["age"]);
        Assert.Contains("no columns", Assert.Throws<NotFoundException>(() => new Schema().GetIndex("a")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Index_out_of_range_throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => People[3]);
        Assert.Throws<ArgumentOutOfRangeException>(() => People[-1]);
    }

    [Fact]
    public void Select_keeps_the_asked_order_and_rejects_unknown_and_repeated_names()
    {
        Schema selected = People.Select(["score", "id"]);
        Assert.Equal(["score", "id"], selected.Select(f => f.Name));
        Assert.False(selected[1].IsNullable);
        Assert.Throws<NotFoundException>(() => People.Select(["nope"]));
        Assert.Throws<ValidationException>(() => People.Select(["id", "id"]));
    }

    [Fact]
    public void Equality_is_structural()
    {
        var same = new Schema(
            new Field("id", DataType.Int64, IsNullable: false),
            new Field("name", DataType.String),
            new Field("score", DataType.Float64));
        Assert.Equal(People, same);
        Assert.True(People == same);
        Assert.Equal(People.GetHashCode(), same.GetHashCode());
        Assert.NotEqual(People, People.Select(["id", "name"]));
        Assert.NotEqual(People, new Schema(
            new Field("id", DataType.Int64),
            new Field("name", DataType.String),
            new Field("score", DataType.Float64)));
        Assert.True(People != null);
        Assert.False(People.Equals((object)"x"));
    }

    [Fact]
    public void ToString_lists_the_fields()
    {
        Assert.Equal("(id: Int64 not null, name: String, score: Float64)", People.ToString());
    }
}
