using Marketplace.Notifications;
using Marketplace.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddNotifications();

var app = builder.Build();

app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapNotificationsApi();

await app.RunAsync();
