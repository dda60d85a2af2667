using Marketplace.MailSink;

// A local mail sink for development and tests: SMTP on 127.0.0.1:1025 keeps every message, and a viewer on
// http://127.0.0.1:8025 shows them (JSON at /api/messages). Nothing is ever sent on.
//   dotnet run --project tools/Marketplace.MailSink [--urls http://127.0.0.1:8025] [--MailSink:SmtpPort=1025] [--MailSink:Folder=.infra/mail]
await MailSinkApp.Create(args).RunAsync();
