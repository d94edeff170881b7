using MongoDB.Bson;
using MongoDB.Driver;
using WorkflowSdk.MongoDB.Internal.Protocol;

namespace WorkflowSdk.MongoDB.Tests;

public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("mongodb://alice:s3cret@db1:27017,db2/work?replicaSet=rs0", "mongodb://alice:****@db1:27017,db2/work?replicaSet=rs0")]
    [InlineData("mongodb+srv://alice:p%40ss@cluster.example.net/work", "mongodb+srv://alice:****@cluster.example.net/work")]
    [InlineData("mongodb://alice:p@ss/w?rd@db1/work", "mongodb://alice:****@db1/work")]
    [InlineData("mongodb://alice@db1/?authMechanism=MONGODB-X509", "mongodb://alice@db1/?authMechanism=MONGODB-X509")]
    [InlineData("mongodb://db1:27017", "mongodb://db1:27017")]
    [InlineData("mongodb://u:pw@db1/?authMechanismProperties=AWS_SESSION_TOKEN:tok&tlsCertificateKeyFilePassword=kp&appName=x",
        "mongodb://u:****@db1/?authMechanismProperties=****&tlsCertificateKeyFilePassword=****&appName=x")]
    [InlineData("not a uri at all:secret@", "not a uri at all:secret@")]
    public void Redaction_masks_every_secret_and_keeps_the_rest(string uri, string expected)
    {
        Assert.Equal(expected, MongoDBConnectionString.Redact(uri));
    }

    [Theory]
    [InlineData("mongodb://alice:s3cret@db1/work")]
    [InlineData("mongodb://alice:s3cret@db1:notaport/work")]
    [InlineData("mongodb://alice:s3cret@/work")]
    public void A_store_never_shows_the_password_of_its_connection_string_in_errors(string uri)
    {
        var options = new MongoDBStoreOptions { ConnectionString = uri, HubName = "$bad" };

        var error = Assert.Throws<ArgumentException>(() => new MongoDBStore(options));

        Assert.DoesNotContain("s3cret", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_uri_is_reported_with_the_password_masked()
    {
        var error = Assert.Throws<ArgumentException>(() => new MongoDBStore(new MongoDBStoreOptions { ConnectionString = "mongodb://alice:s3cret@db1:notaport/w" }));

        Assert.Contains("mongodb://alice:****@db1:notaport/w", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_store_built_from_a_uri_takes_its_database_from_the_path_and_defaults_to_majority_concerns()
    {
        await using var fromPath = new MongoDBStore(new MongoDBStoreOptions { ConnectionString = "mongodb://127.0.0.1:1/orders", HubName = "hub" });
        await using var named = new MongoDBStore(new MongoDBStoreOptions { ConnectionString = "mongodb://127.0.0.1:1/orders", DatabaseName = "other" });
        await using var fallback = new MongoDBStore(new MongoDBStoreOptions { ConnectionString = "mongodb://127.0.0.1:1" });
        await using var fromUri = new MongoDBStore(new MongoDBStoreOptions { ConnectionString = "mongodb://127.0.0.1:1/?w=1&readConcernLevel=local" });

        Assert.Equal(("orders", "hub"), (fromPath.Database.DatabaseNamespace.DatabaseName, fromPath.HubName));
        Assert.Equal("other", named.Database.DatabaseNamespace.DatabaseName);
        Assert.Equal("workflowsdk", fallback.Database.DatabaseNamespace.DatabaseName);
        Assert.Equal(WriteConcern.WMajority, fromPath.Database.Settings.WriteConcern);
        Assert.Equal(ReadConcern.Majority, fromPath.Database.Settings.ReadConcern);
        Assert.Equal(ReadPreference.Primary, fromPath.Database.Settings.ReadPreference);
        Assert.Equal(WriteConcern.W1, fromUri.Database.Settings.WriteConcern);
        Assert.Equal(ReadConcern.Local, fromUri.Database.Settings.ReadConcern);
    }

    [Fact]
    public async Task Explicit_concerns_win_over_the_uri()
    {
        await using var store = new MongoDBStore(new MongoDBStoreOptions
        {
            ConnectionString = "mongodb://127.0.0.1:1/?w=1",
            WriteConcern = WriteConcern.W2,
            ReadConcern = ReadConcern.Local,
        });

        Assert.Equal(WriteConcern.W2, store.Database.Settings.WriteConcern);
        Assert.Equal(ReadConcern.Local, store.Database.Settings.ReadConcern);
    }

    public static TheoryData<Action<MongoDBStoreOptions>, string> InvalidOptions => new()
    {
        { o => o.HubName = "", "HubName" },
        { o => o.HubName = "a$b", "HubName" },
        { o => o.HubName = "system.x", "HubName" },
        { o => o.DatabaseName = "a.b", "DatabaseName" },
        { o => o.WriteConcern = WriteConcern.Unacknowledged, "WriteConcern" },
        { o => o.MaxChunkBytes = 1000, "MaxChunkBytes" },
        { o => o.MaxChunkBytes = 16 * 1024 * 1024, "MaxChunkBytes" },
        { o => o.OutboxRecoveryInterval = TimeSpan.Zero, "OutboxRecoveryInterval" },
        { o => o.OutboxRecoveryDelay = TimeSpan.FromSeconds(-1), "OutboxRecoveryDelay" },
        { o => o.OrphanedOutboxTimeout = TimeSpan.Zero, "OrphanedOutboxTimeout" },
        { o => o.TransactionMode = (MongoDBTransactionMode)7, "TransactionMode" },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Invalid_options_are_rejected_naming_the_setting(Action<MongoDBStoreOptions> change, string setting)
    {
        var options = new MongoDBStoreOptions { ConnectionString = "mongodb://127.0.0.1:1" };
        change(options);

        var error = Assert.Throws<ArgumentException>(() => new MongoDBStore(options));

        Assert.Equal(setting, error.ParamName);
        Assert.StartsWith($"MongoDBStoreOptions.{setting} ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_connection_string_is_reported()
    {
        var error = Assert.Throws<ArgumentException>(() => new MongoDBStore(new MongoDBStoreOptions()));

        Assert.Contains("ConnectionString", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "isWritablePrimary" : true, "maxWireVersion" : 21, "logicalSessionTimeoutMinutes" : 30 }""", "standalone", false)]
    [InlineData("""{ "isWritablePrimary" : true, "setName" : "rs0", "maxWireVersion" : 21, "logicalSessionTimeoutMinutes" : 30 }""", "replica set", true)]
    [InlineData("""{ "setName" : "rs0", "maxWireVersion" : 6, "logicalSessionTimeoutMinutes" : 30 }""", "replica set", false)]
    [InlineData("""{ "setName" : "rs0", "maxWireVersion" : 21 }""", "replica set", false)]
    [InlineData("""{ "msg" : "isdbgrid", "maxWireVersion" : 8, "logicalSessionTimeoutMinutes" : 30 }""", "sharded cluster", true)]
    [InlineData("""{ "msg" : "isdbgrid", "maxWireVersion" : 7, "logicalSessionTimeoutMinutes" : 30 }""", "sharded cluster", false)]
    public void The_hello_reply_tells_whether_transactions_can_be_used(string hello, string kind, bool transactions)
    {
        Assert.Equal(new Deployment(kind, transactions), Deployment.FromHello(BsonDocument.Parse(hello)));
    }
}
