using MongoDB.Bson;

namespace WorkflowSdk.MongoDB.Internal.Protocol;

/// <summary>What kind of deployment a <c>hello</c> reply describes, and whether it supports transactions.</summary>
/// <param name="Kind">"standalone", "replica set" or "sharded cluster".</param>
/// <param name="SupportsTransactions">Replica sets from MongoDB 4.0 (wire version 7) and sharded clusters from 4.2 (wire version 8), with sessions.</param>
internal sealed record Deployment(string Kind, bool SupportsTransactions)
{
    public static Deployment FromHello(BsonDocument hello)
    {
        ArgumentNullException.ThrowIfNull(hello);
        var wireVersion = hello.TryGetValue("maxWireVersion", out var wire) && wire.IsNumeric ? wire.ToInt32() : 0;
        var sessions = hello.Contains("logicalSessionTimeoutMinutes") && !hello["logicalSessionTimeoutMinutes"].IsBsonNull;
        if (hello.TryGetValue("msg", out var msg) && msg is BsonString { Value: "isdbgrid" })
        {
            return new Deployment("sharded cluster", sessions && wireVersion >= 8);
        }

        if (hello.TryGetValue("setName", out var setName) && setName is BsonString)
        {
            return new Deployment("replica set", sessions && wireVersion >= 7);
        }

        return new Deployment("standalone", false);
    }
}
