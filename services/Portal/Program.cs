using Marketplace.Portal;
using Marketplace.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();

var app = builder.Build();

app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapHome();

await app.RunAsync();
