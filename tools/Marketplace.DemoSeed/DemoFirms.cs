namespace Marketplace.DemoSeed;

public sealed record Claim(string Skill, int Level, int Years);
public sealed record Held(string Certification, string Engineer, int MonthsLeft);
public sealed record DemoFirm(string Name, string Owner, string Email, string TimeZone, string Region, string Description,
    bool TakesReferrals, Claim[] Claims, Held[] Certifications);

/// <summary>About thirty firms of the kind that use the marketplace: generalist MSPs that refer, specialists that take work.</summary>
public static class DemoFirms
{
    private static Claim C(string skill, int level, int years) => new(skill, level, years);
    private static Held H(string certification, string engineer, int monthsLeft) => new(certification, engineer, monthsLeft);

    public static readonly DemoFirm[] Referrers =
    [
        new("Northwind IT Services", "Dana Reyes", "dana@northwind-it.example", "America/New_York", "US East", "Managed IT for 60 small offices in New England.", false,
            [C("microsoft-entra-id", 3, 6), C("patch-management", 3, 8)], []),
        new("Harbour Managed Services", "Sam Okafor", "sam@harbour-msp.example", "Europe/London", "UK", "Helpdesk and infrastructure for accountancies and law firms.", false,
            [C("active-directory", 3, 10), C("exchange-online", 3, 7)], []),
        new("Bluegum IT", "Olivia Chen", "olivia@bluegum-it.example", "Australia/Sydney", "Australia", "MSP for medical practices across New South Wales.", false,
            [C("microsoft-intune", 2, 3)], []),
        new("Lakeside Computer Care", "Marcus Webb", "marcus@lakeside-cc.example", "America/Chicago", "US Midwest", "Break-fix turned managed services for manufacturers.", false,
            [C("windows-server-administration", 3, 12)], []),
        new("Rhein IT Partner", "Jonas Becker", "jonas@rhein-it.example", "Europe/Berlin", "Germany", "Betreuung von Handwerksbetrieben und Kanzleien.", false,
            [C("veeam-backup-and-replication", 2, 4)], []),
        new("Pacific Office Tech", "Grace Tanaka", "grace@pacific-office.example", "America/Los_Angeles", "US West", "IT for architecture and design studios.", false,
            [C("apple-device-support", 3, 9)], []),
        new("Maple Leaf Managed IT", "Ethan Roy", "ethan@mapleleaf-it.example", "America/Toronto", "Canada", "Bilingual MSP for non-profits.", false,
            [C("microsoft-teams", 3, 5)], []),
        new("Dublin Desk Support", "Aoife Byrne", "aoife@dublindesk.example", "Europe/Dublin", "Ireland", "Service desk for hospitality groups.", false,
            [C("printer-and-mfp-management", 3, 6)], []),
    ];

    public static readonly DemoFirm[] Specialists =
    [
        new("Acme Security", "Priya Natarajan", "priya@acme-security.example", "America/New_York", "US", "Security audits, pen tests and incident response for SMBs.", true,
            [C("security-audit", 5, 12), C("penetration-testing", 4, 9), C("incident-response", 4, 8), C("vulnerability-management", 4, 7)],
            [H("oscp", "Leo Martins", 20), H("comptia-security-plus", "Priya Natarajan", 10), H("sc-200", "Nina Park", 14)]),
        new("Ledgerline ERP Partners", "Tom Becker", "tom@ledgerline.example", "Europe/London", "UK, Ireland", "Business Central and NetSuite implementations and web-store integrations.", true,
            [C("microsoft-dynamics-365-business-central", 5, 14), C("erp-to-e-commerce-integration", 4, 8), C("netsuite", 3, 4), C("edi-integration", 3, 6)],
            [H("mb-800", "Tom Becker", 18), H("netsuite-erp-consultant", "Hannah Cole", 8)]),
        new("Cloudbridge Azure Specialists", "Mei Lin", "mei@cloudbridge.example", "Australia/Sydney", "Australia, New Zealand", "Azure landing zones, migrations and AVD.", true,
            [C("azure-landing-zones", 5, 8), C("azure-migrate", 4, 7), C("azure-virtual-desktop", 4, 5), C("azure-networking", 4, 8)],
            [H("az-305", "Mei Lin", 16), H("az-104", "Ravi Shah", 9), H("az-140", "Ravi Shah", 12)]),
        new("Voicewave UC", "Luis Ortega", "luis@voicewave.example", "America/Chicago", "US, Canada", "Teams Phone, 3CX and contact centres.", true,
            [C("teams-phone", 5, 7), C("3cx", 4, 9), C("sip-trunking", 4, 10), C("contact-centre-setup", 3, 5)], [H("3cx-advanced", "Luis Ortega", 11)]),
        new("Fortress Networks", "Ana Ruiz", "ana@fortress-networks.example", "Europe/Madrid", "Spain, Portugal", "FortiGate and Palo Alto firewalls, SD-WAN.", true,
            [C("fortinet-fortigate", 5, 11), C("palo-alto-networks", 4, 6), C("sd-wan", 4, 5), C("site-to-site-vpn", 4, 10)],
            [H("fortinet-nse-4", "Ana Ruiz", 13), H("pcnse", "Diego Alves", 7)]),
        new("Datavault DBA", "Kwame Mensah", "kwame@datavault-dba.example", "Europe/London", "UK, EU", "SQL Server and PostgreSQL performance, upgrades and HA.", true,
            [C("microsoft-sql-server", 5, 15), C("sql-server-performance-tuning", 5, 12), C("postgresql", 4, 8), C("database-high-availability", 4, 10)], []),
        new("Shopwright Commerce", "Emma Lindqvist", "emma@shopwright.example", "Europe/Stockholm", "Nordics", "Shopify Plus builds and platform migrations.", true,
            [C("shopify", 5, 8), C("e-commerce-platform-migration", 4, 6), C("payment-gateway-integration", 4, 7)], [H("shopify-partner", "Emma Lindqvist", 15)]),
        new("Restore Point BDR", "Carlos Mendes", "carlos@restorepoint.example", "America/Sao_Paulo", "Brazil, US", "Backup, DR planning and ransomware recovery.", true,
            [C("veeam-backup-and-replication", 5, 10), C("disaster-recovery-planning", 4, 9), C("immutable-backup", 4, 4), C("azure-site-recovery", 3, 3)],
            [H("veeam-vmce", "Carlos Mendes", 6)]),
        new("Tenantshift Migrations", "Sophie Martin", "sophie@tenantshift.example", "Europe/Paris", "France, Belgium", "Microsoft 365 tenant and mailbox migrations.", true,
            [C("exchange-to-microsoft-365-migration", 5, 9), C("microsoft-365-tenant-to-tenant-migration", 5, 6), C("google-workspace-to-microsoft-365-migration", 4, 5), C("sharepoint-online", 4, 7)],
            [H("ms-102", "Sophie Martin", 12)]),
        new("Endpoint Forge", "Daniel Kim", "daniel@endpointforge.example", "America/Los_Angeles", "US West", "Intune, Autopilot and Windows 11 rollouts.", true,
            [C("microsoft-intune", 5, 7), C("windows-autopilot", 5, 6), C("windows-11-upgrade", 4, 3), C("jamf-pro", 3, 4)], [H("md-102", "Daniel Kim", 4)]),
        new("Packet Path Consulting", "Hiroshi Sato", "hiroshi@packetpath.example", "Asia/Tokyo", "Japan, Singapore", "Cisco campus and WAN design.", true,
            [C("cisco-routing-and-switching", 5, 16), C("bgp-and-multi-homing", 4, 12), C("wireless-lan-design", 4, 9)],
            [H("ccnp-enterprise", "Hiroshi Sato", 22), H("ccna", "Yuki Mori", -2)]),
        new("Kubewise", "Lena Fischer", "lena@kubewise.example", "Europe/Berlin", "DACH", "Kubernetes platforms, Terraform and CI/CD.", true,
            [C("kubernetes", 5, 7), C("terraform", 4, 6), C("ci-cd-pipelines", 4, 8)], [H("cka", "Lena Fischer", 19), H("terraform-associate", "Max Vogel", 5)]),
        new("Compliance Harbor", "Rachel Green", "rachel@complianceharbor.example", "America/New_York", "US", "SOC 2, HIPAA and ISO 27001 readiness.", true,
            [C("soc-2-readiness", 5, 6), C("hipaa-compliance", 4, 8), C("iso-27001", 4, 5), C("gdpr-compliance", 3, 4)], [H("iso-27001-lead-implementer", "Rachel Green", 14)]),
        new("Outback AWS", "Jack Wilson", "jack@outback-aws.example", "Australia/Perth", "Australia", "AWS migrations and cost optimisation.", true,
            [C("aws-migration", 4, 6), C("aws-ec2", 4, 8), C("aws-cost-optimisation", 4, 5), C("amazon-rds", 3, 5)], [H("aws-saa", "Jack Wilson", 10)]),
        new("Ledger & Loop", "Fatima Zahra", "fatima@ledgerloop.example", "Africa/Casablanca", "Morocco, France", "QuickBooks and Xero integrations with online shops.", true,
            [C("quickbooks-online", 4, 7), C("xero", 4, 6), C("woocommerce", 3, 5), C("rest-api-integration", 4, 8)], []),
        new("Vsphere Vets", "Brian O'Neill", "brian@vspherevets.example", "Europe/Dublin", "Ireland, UK", "VMware estates and exits to Hyper-V or Proxmox.", true,
            [C("vmware-vsphere", 5, 14), C("vmware-to-hyper-v-or-proxmox-migration", 4, 3), C("microsoft-hyper-v", 4, 10), C("proxmox-ve", 3, 2)],
            [H("vcp-dcv", "Brian O'Neill", 3)]),
        new("Signal Room AV", "Chloe Dubois", "chloe@signalroom.example", "America/Toronto", "Canada", "Teams Rooms and meeting-room AV.", true,
            [C("conference-room-av", 5, 9), C("microsoft-teams", 4, 6)], []),
        new("Pipeline Data Works", "Arjun Mehta", "arjun@pipelinedata.example", "Asia/Kolkata", "India, UK", "Power BI, ETL and warehouses.", true,
            [C("power-bi", 5, 7), C("etl-and-data-pipelines", 4, 8), C("data-warehousing", 4, 6)], []),
        new("Sentinel Watch MDR", "Olga Ivanova", "olga@sentinelwatch.example", "Europe/Warsaw", "EU", "24x7 managed detection and response on Sentinel.", true,
            [C("managed-detection-and-response", 5, 6), C("siem-and-log-monitoring", 5, 7), C("microsoft-defender-for-endpoint", 4, 5)],
            [H("sc-200", "Olga Ivanova", 17)]),
        new("CRM Crafters", "Ben Carter", "ben@crmcrafters.example", "America/Denver", "US", "Salesforce and HubSpot data migrations.", true,
            [C("salesforce", 4, 9), C("hubspot", 4, 6), C("crm-data-migration", 5, 8)], []),
        new("Patch & Proof", "Irene Costa", "irene@patchproof.example", "Europe/Rome", "Italy", "Patch management and vulnerability remediation as a service.", true,
            [C("patch-management", 4, 10), C("vulnerability-management", 3, 6), C("rmm-tooling", 4, 8)], [H("comptia-security-plus", "Irene Costa", 1)]),
        new("Magento Rescue", "Pavel Novak", "pavel@magentorescue.example", "Europe/Prague", "Central Europe", "Adobe Commerce upgrades and rescues.", true,
            [C("magento-adobe-commerce", 5, 11), C("product-information-management", 3, 4), C("erp-to-e-commerce-integration", 3, 5)], []),
    ];

    /// <summary>Partnerships a referrer has with specialists, with a fee: (referrer, specialist, fee kind, amount).</summary>
    public static readonly (string Referrer, string Specialist, string FeeKind, decimal? Fee)[] Partnerships =
    [
        ("dana@northwind-it.example", "priya@acme-security.example", "Percent", 10m),
        ("dana@northwind-it.example", "sophie@tenantshift.example", "Percent", 8m),
        ("dana@northwind-it.example", "rachel@complianceharbor.example", "Flat", 750m),
        ("sam@harbour-msp.example", "tom@ledgerline.example", "Percent", 12m),
        ("sam@harbour-msp.example", "kwame@datavault-dba.example", "Reciprocity", null),
        ("olivia@bluegum-it.example", "mei@cloudbridge.example", "Percent", 10m),
        ("olivia@bluegum-it.example", "jack@outback-aws.example", "Flat", 500m),
        ("marcus@lakeside-cc.example", "luis@voicewave.example", "Percent", 7.5m),
        ("jonas@rhein-it.example", "lena@kubewise.example", "Reciprocity", null),
        ("jonas@rhein-it.example", "ana@fortress-networks.example", "Percent", 10m),
        ("grace@pacific-office.example", "daniel@endpointforge.example", "Percent", 10m),
        ("ethan@mapleleaf-it.example", "chloe@signalroom.example", "Flat", 400m),
        ("aoife@dublindesk.example", "brian@vspherevets.example", "Percent", 10m),
    ];
}
