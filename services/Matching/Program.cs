using Marketplace.Matching;
using Marketplace.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddMatching();

var app = builder.Build();

app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapMatchingApi();

await app.RunAsync();
