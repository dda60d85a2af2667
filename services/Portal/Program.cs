using Marketplace.Portal;
using Marketplace.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();

var app = builder.Build();

app.UseProblemResponses();
app.MapDefaultEndpoints();
app.MapHome();

await app.RunAsync();
