// One cluster, one catch-all route, no middleware: what Kestrel + YARP cost on their own (BACKEND_URL).
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.Services.AddReverseProxy().LoadFromMemory(
    [new Yarp.ReverseProxy.Configuration.RouteConfig { RouteId = "all", ClusterId = "backend", Match = new() { Path = "/{**rest}" } }],
    [new Yarp.ReverseProxy.Configuration.ClusterConfig
    {
        ClusterId = "backend",
        Destinations = new Dictionary<string, Yarp.ReverseProxy.Configuration.DestinationConfig>
        {
            ["d1"] = new() { Address = builder.Configuration["BACKEND_URL"] ?? "http://127.0.0.1:5191/" },
        },
    }]);
var app = builder.Build();
app.MapReverseProxy();
await app.RunAsync();
