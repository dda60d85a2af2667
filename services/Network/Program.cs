using Marketplace.Network;
using Marketplace.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddNetwork();

var app = builder.Build();

app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapNetworkApi();

await app.RunAsync();
