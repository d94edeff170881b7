// Every host in this assembly reports to ActivitySource/Meter "WorkflowSdk"; OpenTelemetry providers listen by name, so
// tests running side by side would see each other's spans and measurements.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
