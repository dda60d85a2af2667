using Marketplace.Gateway.Edge;
using Marketplace.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGateway();

var app = builder.Build();

app.UseGatewayEdge();
app.UseServiceDefaults();
app.MapDefaultEndpoints(docs: false, metricsForOperators: true);
app.MapGateway();

await app.RunAsync();
