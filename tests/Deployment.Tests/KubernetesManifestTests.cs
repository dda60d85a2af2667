using System.Diagnostics;
using Marketplace.Testing;
using Shouldly;
using YamlDotNet.RepresentationModel;

namespace Marketplace.Deployment.Tests;

/// <summary>
/// Every overlay under k8s/ as `kubectl kustomize` renders it, checked for what running on a cluster needs: probes on
/// the health endpoints, requests and limits, Dapr annotations, a Service whose ports reach the container, secrets
/// only by reference.
/// </summary>
public sealed class KubernetesManifestTests
{
    private static readonly string Root = TestInfrastructure.RepositoryRoot();
    private static readonly string[] Apps = ["catalog", "network", "scheduling", "matching", "notifications", "portal", "gateway"];

    public static TheoryData<string> Overlays => new(Directory.GetDirectories(Path.Combine(Root, "k8s", "overlays")).Select(Path.GetFileName).OfType<string>());

    private static readonly Dictionary<string, List<YamlMappingNode>> Rendered = [];

    private static List<YamlMappingNode> Render(string overlay)
    {
        lock (Rendered)
        {
            if (Rendered.TryGetValue(overlay, out var cached))
            {
                return cached;
            }
            var start = new ProcessStartInfo("kubectl", ["kustomize", Path.Combine(Root, "k8s", "overlays", overlay)])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start");
            var stdout = process.StandardOutput.ReadToEnd();
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            process.ExitCode.ShouldBe(0, $"kubectl kustomize {overlay} failed: {stderr}");
            var yaml = new YamlStream();
            yaml.Load(new StringReader(stdout));
            return Rendered[overlay] = [.. yaml.Documents.Select(d => (YamlMappingNode)d.RootNode)];
        }
    }

    private static IEnumerable<YamlMappingNode> OfKind(string overlay, string kind) => Render(overlay).Where(d => d["kind"].ToString() == kind);

    private static YamlMappingNode Map(YamlNode node, params string[] path) =>
        path.Aggregate((YamlMappingNode)node, (m, key) => (YamlMappingNode)m[key]);

    private static string Name(YamlMappingNode doc) => Map(doc, "metadata")["name"].ToString();

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Every_app_is_a_Deployment_with_probes_resources_and_Dapr_annotations(string overlay)
    {
        var deployments = OfKind(overlay, "Deployment").Where(d => Apps.Contains(Name(d))).ToList();
        deployments.Select(Name).ShouldBe(Apps, ignoreOrder: true);
        foreach (var deployment in deployments)
        {
            var name = Name(deployment);
            var template = Map(deployment, "spec", "template");
            var annotations = Map(template, "metadata", "annotations");
            annotations["dapr.io/enabled"].ToString().ShouldBe("true", name);
            annotations["dapr.io/app-id"].ToString().ShouldBe(name);
            var container = (YamlMappingNode)((YamlSequenceNode)Map(template, "spec")["containers"]).Children.Single();
            var ports = ((YamlSequenceNode)container["ports"]).Children.Cast<YamlMappingNode>().ToList();
            ports.Select(p => p["containerPort"].ToString()).ShouldContain(annotations["dapr.io/app-port"].ToString(), name);
            Map(container, "readinessProbe", "httpGet")["path"].ToString().ShouldBe("/health/ready", name);
            Map(container, "livenessProbe", "httpGet")["path"].ToString().ShouldBe("/health/live", name);
            foreach (var kind in new[] { "requests", "limits" })
            {
                var resources = Map(container, "resources", kind);
                resources.Children.Keys.Select(k => k.ToString()).ShouldBe(["cpu", "memory"], ignoreOrder: true, $"{name} {kind}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Every_app_has_a_Service_that_selects_its_pods_and_reaches_a_container_port_and_a_disruption_budget(string overlay)
    {
        var services = OfKind(overlay, "Service").ToDictionary(Name);
        var budgets = OfKind(overlay, "PodDisruptionBudget").Select(Name).ToList();
        foreach (var deployment in OfKind(overlay, "Deployment").Where(d => Apps.Contains(Name(d))))
        {
            var name = Name(deployment);
            services.ShouldContainKey(name);
            var service = services[name];
            var podLabels = Map(deployment, "spec", "template", "metadata", "labels");
            foreach (var (key, value) in Map(service, "spec", "selector").Children)
            {
                podLabels[key].ToString().ShouldBe(value.ToString(), $"{name}'s Service selects pods it does not label");
            }
            var container = (YamlMappingNode)((YamlSequenceNode)Map(deployment, "spec", "template", "spec")["containers"]).Children.Single();
            var containerPorts = ((YamlSequenceNode)container["ports"]).Children.Cast<YamlMappingNode>()
                .SelectMany(p => new[] { p["containerPort"].ToString(), p.Children.TryGetValue(new YamlScalarNode("name"), out var n) ? n.ToString() : "" }).ToList();
            foreach (var port in ((YamlSequenceNode)Map(service, "spec")["ports"]).Children.Cast<YamlMappingNode>())
            {
                containerPorts.ShouldContain(port["targetPort"].ToString(), $"{name}'s Service targets a port its container does not open");
            }
            budgets.ShouldContain(name);
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void The_gateway_and_Matching_autoscale_the_ingress_reaches_the_gateway_and_Dapr_is_configured(string overlay)
    {
        OfKind(overlay, "HorizontalPodAutoscaler").Select(h => Map(h, "spec", "scaleTargetRef")["name"].ToString()).ShouldBe(["gateway", "matching"], ignoreOrder: true);
        var ingress = OfKind(overlay, "Ingress").Single();
        var backend = Map((YamlMappingNode)((YamlSequenceNode)Map((YamlMappingNode)((YamlSequenceNode)Map(ingress, "spec")["rules"]).Children[0], "http")["paths"]).Children[0], "backend", "service");
        backend["name"].ToString().ShouldBe("gateway");
        OfKind(overlay, "Configuration").Select(Name).ShouldBe(["marketplace"]);
        var resiliency = OfKind(overlay, "Resiliency").Single();
        Map(resiliency, "spec", "targets", "apps").Children.Keys.Select(k => k.ToString()).ShouldContain("scheduling");
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Network_policies_deny_by_default_and_let_only_the_gateway_in_from_outside_the_namespace(string overlay)
    {
        var policies = OfKind(overlay, "NetworkPolicy").ToDictionary(Name);
        var denyAll = Map(policies["default-deny-ingress"], "spec");
        Map(denyAll, "podSelector").Children.ShouldBeEmpty(); // every pod
        denyAll.Children.ContainsKey(new YamlScalarNode("ingress")).ShouldBeFalse(); // nothing allowed by it

        // From anywhere: the gateway's port only.
        var open = policies.Values.Where(p => ((YamlSequenceNode?)(Map(p, "spec").Children.TryGetValue(new YamlScalarNode("ingress"), out var i) ? i : null))?.Children
            .Any(rule => !((YamlMappingNode)rule).Children.ContainsKey(new YamlScalarNode("from"))) == true).Select(Name).ToList();
        open.ShouldBe(["gateway-from-anywhere"]);
        Map(policies["gateway-from-anywhere"], "spec", "podSelector", "matchLabels")["app.kubernetes.io/name"].ToString().ShouldBe("gateway");
        // Every other rule names who it admits: the marketplace's own pods, or Dapr's control plane.
        var sources = policies.Values.SelectMany(p => Map(p, "spec").Children.TryGetValue(new YamlScalarNode("ingress"), out var i) ? ((YamlSequenceNode)i).Children : [])
            .Where(rule => ((YamlMappingNode)rule).Children.ContainsKey(new YamlScalarNode("from")))
            .SelectMany(rule => ((YamlSequenceNode)((YamlMappingNode)rule)["from"]).Children.Select(f => f.ToString())).Distinct().ToList();
        sources.ShouldAllBe(f => f.Contains("marketplace") || f.Contains("dapr-system"));
        if (overlay == "dev")
        {
            policies.Keys.ShouldContain("postgres-from-apps");
            policies.Keys.ShouldContain("rabbitmq-from-apps");
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void No_secret_is_committed_only_referenced(string overlay)
    {
        OfKind(overlay, "Secret").ShouldBeEmpty();
        var rendered = string.Join("\n", Render(overlay).Select(d => d.ToString()));
        rendered.ShouldNotContain("BEGIN PRIVATE KEY");
        foreach (var deployment in OfKind(overlay, "Deployment"))
        {
            var container = (YamlMappingNode)((YamlSequenceNode)Map(deployment, "spec", "template", "spec")["containers"]).Children[0];
            if (!container.Children.TryGetValue(new YamlScalarNode("env"), out var env))
            {
                continue;
            }
            foreach (var variable in ((YamlSequenceNode)env).Children.Cast<YamlMappingNode>())
            {
                var name = variable["name"].ToString();
                if (name.StartsWith("ConnectionStrings__", StringComparison.Ordinal) || name.Contains("PASSWORD", StringComparison.Ordinal))
                {
                    variable.Children.ContainsKey(new YamlScalarNode("valueFrom")).ShouldBeTrue($"{Name(deployment)}: {name} must come from a Secret");
                }
            }
        }
    }

    [Fact]
    public void Dev_runs_its_own_RabbitMQ_with_quorum_queues_and_prod_relies_on_managed_ones()
    {
        var config = OfKind("dev", "ConfigMap").Single(c => Name(c) == "rabbitmq-config");
        var data = Map(config, "data");
        data["rabbitmq.conf"].ToString().ShouldContain("default_queue_type = quorum");
        data["definitions.json"].ToString().ShouldContain("\"apply-to\": \"quorum_queues\"");
        OfKind("dev", "StatefulSet").Select(Name).ShouldBe(["postgres", "rabbitmq"], ignoreOrder: true);
        OfKind("prod", "StatefulSet").ShouldBeEmpty();
        OfKind("prod", "Deployment").Single(d => Name(d) == "matching")["spec"].ToString().ShouldContain("replicas, 3");
    }
}
