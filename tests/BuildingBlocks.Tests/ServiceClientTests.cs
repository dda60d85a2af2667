using Microsoft.Extensions.Configuration;
using System.Net;
using Marketplace.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Shouldly;

namespace Marketplace.BuildingBlocks.Tests;

public sealed class ServiceClientTests
{
    private static readonly Guid FirmId = Guid.Parse("0193a1b2-0000-7000-8000-000000000001");

    [Fact]
    public async Task Without_Dapr_the_client_calls_the_configured_url()
    {
        var (api, recorder) = Build(new() { ["Services:scheduling"] = "http://127.0.0.1:5103" });

        var response = await api.GetFirm(FirmId, TestContext.Current.CancellationToken);

        response.IsSuccessStatusCode.ShouldBeTrue();
        recorder.Uris.ShouldBe([new Uri($"http://127.0.0.1:5103/api/scheduling/firms/{FirmId}")]);
    }

    [Fact]
    public async Task With_Dapr_the_client_goes_through_the_sidecars_service_invocation()
    {
        var (api, recorder) = Build(new() { ["Dapr:Enabled"] = "true", ["Dapr:HttpEndpoint"] = "http://127.0.0.1:3500" });

        await api.GetFirm(FirmId, TestContext.Current.CancellationToken);

        recorder.Uris.ShouldBe([new Uri($"http://127.0.0.1:3500/v1.0/invoke/scheduling/method/api/scheduling/firms/{FirmId}")]);
    }

    [Fact]
    public async Task A_transient_failure_is_retried_by_the_standard_resilience_handler()
    {
        var (api, recorder) = Build(new() { ["Services:scheduling"] = "http://127.0.0.1:5103" }, failFirst: 2);

        var response = await api.GetFirm(FirmId, TestContext.Current.CancellationToken);

        response.IsSuccessStatusCode.ShouldBeTrue();
        recorder.Uris.Count.ShouldBe(3);
    }

    private static (ISchedulingApi Api, Recorder Recorder) Build(Dictionary<string, string?> settings, int failFirst = 0)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        var recorder = new Recorder(failFirst);
        builder.AddServiceClient<ISchedulingApi>("scheduling").ConfigurePrimaryHttpMessageHandler(() => recorder);
        var services = builder.Build().Services;
        return (services.GetRequiredService<ISchedulingApi>(), recorder);
    }

    private sealed class Recorder(int failFirst) : HttpMessageHandler
    {
        public List<Uri> Uris { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Uris.Add(request.RequestUri!);
            var response = Uris.Count <= failFirst
                ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
                : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent($$"""{"id":"{{FirmId}}","name":"Acme","timeZone":"Europe/London"}""", System.Text.Encoding.UTF8, "application/json") };
            return Task.FromResult(response);
        }
    }
}
