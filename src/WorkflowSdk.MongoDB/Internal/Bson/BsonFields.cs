using MongoDB.Bson;

namespace WorkflowSdk.MongoDB.Internal.Bson;

/// <summary>
/// Reading and writing the field shapes every WorkflowSdk document uses. Absent optional values are omitted (never
/// stored as <c>null</c>); readers accept both. Times are BSON dates plus, when the value has ticks below the
/// millisecond, a sibling <c>&lt;name&gt;Ticks</c> field holding them (0-9999), so that a
/// <see cref="DateTime"/> round-trips exactly while the document stays readable and the date stays queryable.
/// </summary>
internal static class BsonFields
{
    private const long EpochTicks = 621_355_968_000_000_000; // 1970-01-01T00:00:00Z

    /// <summary>The suffix of the field holding a time's sub-millisecond ticks.</summary>
    public const string TicksSuffix = "Ticks";

    public static void AddTime(BsonDocument document, string name, DateTime value)
    {
        var (date, subMillisecond) = ToBsonTime(value);
        document.Add(name, date);
        if (subMillisecond != 0)
        {
            document.Add(name + TicksSuffix, subMillisecond);
        }
    }

    public static void AddTime(BsonDocument document, string name, DateTime? value)
    {
        if (value is { } time)
        {
            AddTime(document, name, time);
        }
    }

    /// <summary>Splits a UTC time into a BSON date (whole milliseconds, floored) and the ticks below it.</summary>
    public static (BsonDateTime Date, int SubMillisecondTicks) ToBsonTime(DateTime value)
    {
        // Stored times are UTC by contract; an Unspecified kind is taken as UTC rather than converted.
        var ticks = value.Kind == DateTimeKind.Local ? value.ToUniversalTime().Ticks : value.Ticks;
        var sinceEpoch = ticks - EpochTicks;
        var milliseconds = Math.DivRem(sinceEpoch, TimeSpan.TicksPerMillisecond, out var remainder);
        if (remainder < 0)
        {
            milliseconds--;
            remainder += TimeSpan.TicksPerMillisecond;
        }

        return (new BsonDateTime(milliseconds), (int)remainder);
    }

    /// <summary>The BSON date of a time (milliseconds, floored): what filters compare stored dates with.</summary>
    public static BsonDateTime ToBsonDate(DateTime value) => ToBsonTime(value).Date;

    public static DateTime GetTime(BsonDocument document, string name) =>
        GetOptionalTime(document, name) ?? throw Missing(name, "a date");

    public static DateTime? GetOptionalTime(BsonDocument document, string name)
    {
        if (!document.TryGetValue(name, out var value) || value.IsBsonNull)
        {
            return null;
        }

        if (value is not BsonDateTime date)
        {
            throw WrongType(name, value, "a date");
        }

        var subMillisecond = GetOptionalInt32(document, name + TicksSuffix) ?? 0;
        if (subMillisecond is < 0 or >= (int)TimeSpan.TicksPerMillisecond)
        {
            throw new InvalidDataException($"Field '{name}{TicksSuffix}' must be between 0 and 9999; it is {subMillisecond}.");
        }

        var ticks = EpochTicks + (date.MillisecondsSinceEpoch * TimeSpan.TicksPerMillisecond) + subMillisecond;
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
        {
            throw new InvalidDataException($"Field '{name}' is outside the range of DateTime.");
        }

        return new DateTime(ticks, DateTimeKind.Utc);
    }

    public static void AddString(BsonDocument document, string name, string? value)
    {
        if (value is not null)
        {
            document.Add(name, value);
        }
    }

    public static string GetString(BsonDocument document, string name) =>
        GetOptionalString(document, name) ?? throw Missing(name, "a string");

    public static string? GetOptionalString(BsonDocument document, string name)
    {
        if (!document.TryGetValue(name, out var value) || value.IsBsonNull)
        {
            return null;
        }

        return value is BsonString text ? text.Value : throw WrongType(name, value, "a string");
    }

    public static void AddBytes(BsonDocument document, string name, byte[]? value)
    {
        if (value is not null)
        {
            document.Add(name, new BsonBinaryData(value, BsonBinarySubType.Binary));
        }
    }

    public static byte[]? GetOptionalBytes(BsonDocument document, string name)
    {
        if (!document.TryGetValue(name, out var value) || value.IsBsonNull)
        {
            return null;
        }

        return value is BsonBinaryData { SubType: BsonBinarySubType.Binary } binary
            ? binary.Bytes
            : throw WrongType(name, value, "binary data (subtype 0)");
    }

    public static int GetInt32(BsonDocument document, string name) =>
        GetOptionalInt32(document, name) ?? throw Missing(name, "a 32-bit integer");

    public static int? GetOptionalInt32(BsonDocument document, string name)
    {
        if (!document.TryGetValue(name, out var value) || value.IsBsonNull)
        {
            return null;
        }

        return value switch
        {
            BsonInt32 i => i.Value,
            BsonInt64 l when l.Value is >= int.MinValue and <= int.MaxValue => (int)l.Value,
            _ => throw WrongType(name, value, "a 32-bit integer"),
        };
    }

    public static long GetInt64(BsonDocument document, string name)
    {
        if (!document.TryGetValue(name, out var value) || value.IsBsonNull)
        {
            throw Missing(name, "a 64-bit integer");
        }

        return value switch
        {
            BsonInt64 l => l.Value,
            BsonInt32 i => i.Value,
            _ => throw WrongType(name, value, "a 64-bit integer"),
        };
    }

    public static bool GetOptionalBoolean(BsonDocument document, string name)
    {
        if (!document.TryGetValue(name, out var value) || value.IsBsonNull)
        {
            return false;
        }

        return value is BsonBoolean flag ? flag.Value : throw WrongType(name, value, "a boolean");
    }

    public static BsonDocument? GetOptionalDocument(BsonDocument document, string name)
    {
        if (!document.TryGetValue(name, out var value) || value.IsBsonNull)
        {
            return null;
        }

        return value as BsonDocument ?? throw WrongType(name, value, "a document");
    }

    public static BsonDocument GetDocument(BsonDocument document, string name) =>
        GetOptionalDocument(document, name) ?? throw Missing(name, "a document");

    public static BsonArray GetArray(BsonDocument document, string name)
    {
        if (!document.TryGetValue(name, out var value) || value.IsBsonNull)
        {
            throw Missing(name, "an array");
        }

        return value as BsonArray ?? throw WrongType(name, value, "an array");
    }

    public static IReadOnlyList<string> GetOptionalStrings(BsonDocument document, string name)
    {
        if (!document.TryGetValue(name, out var value) || value.IsBsonNull)
        {
            return [];
        }

        if (value is not BsonArray array)
        {
            throw WrongType(name, value, "an array of strings");
        }

        var strings = new List<string>(array.Count);
        foreach (var item in array)
        {
            strings.Add(item is BsonString text ? text.Value : throw WrongType(name, item, "an array of strings"));
        }

        return strings;
    }

    private static InvalidDataException Missing(string name, string expected) =>
        new($"Required field '{name}' ({expected}) is missing.");

    private static InvalidDataException WrongType(string name, BsonValue value, string expected) =>
        new($"Field '{name}' is a BSON {value.BsonType}; expected {expected}.");
}
