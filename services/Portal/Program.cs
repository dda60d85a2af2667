using Marketplace.Portal;
using Marketplace.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPortal();

var app = builder.Build();

app.UsePortalEdge();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapPortal();

await app.RunAsync();
