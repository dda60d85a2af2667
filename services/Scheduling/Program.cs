using Marketplace.Scheduling;
using Marketplace.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddScheduling();

var app = builder.Build();

app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapSchedulingApi();

await app.RunAsync();
