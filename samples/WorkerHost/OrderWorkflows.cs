using Microsoft.Extensions.Logging;

namespace WorkflowSdk.Samples.WorkerHost;

public sealed record Order(string OrderId, string Customer, decimal Amount);

/// <summary>A service the activities use: registered scoped, so every activity execution gets its own.</summary>
public sealed class PaymentGateway(ILogger<PaymentGateway> logger)
{
    public async Task<string> ChargeAsync(Order order, CancellationToken cancellationToken)
    {
        await Task.Delay(200, cancellationToken);
        logger.LogInformation("Charged {Amount} to {Customer}", order.Amount, order.Customer);
        return $"PAY-{order.OrderId}";
    }
}

/// <summary>The activities: instance methods, created per execution with their dependencies from the execution's scope.</summary>
public sealed class OrderActivities(PaymentGateway gateway)
{
    [Activity]
    public Task<string> Charge(ActivityContext context, Order order) => gateway.ChargeAsync(order, context.CancellationToken);

    [Activity]
    public static string Ship(Order order) => $"SHIP-{order.OrderId}";
}

public static class OrderWorkflows
{
    [Orchestration]
    public static async Task<string> ProcessOrder(OrchestrationContext context, Order order)
    {
        var log = context.CreateReplaySafeLogger("Orders");
        var payment = await context.Activities.ChargeAsync(order);
        log.LogInformation("Order {OrderId} paid ({Payment}); waiting a moment before shipping", order.OrderId, payment);
        await context.CreateTimer(TimeSpan.FromSeconds(1));
        var shipment = await context.Activities.ShipAsync(order);
        return $"{order.OrderId}: {payment}, {shipment}";
    }
}
