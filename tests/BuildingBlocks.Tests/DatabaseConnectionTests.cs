using Marketplace.Messaging;
using Marketplace.Testing;
using Npgsql;
using Shouldly;

namespace Marketplace.BuildingBlocks.Tests;

public sealed class DatabaseConnectionTests
{
    [Fact]
    public void A_plain_connection_string_gets_prepared_statements_and_no_reset_on_close()
    {
        var tuned = new NpgsqlConnectionStringBuilder(DatabaseConnection.WithDefaults("Host=127.0.0.1;Port=5433;Database=matching;Username=postgres"));
        tuned.MaxAutoPrepare.ShouldBe(64);
        tuned.AutoPrepareMinUsages.ShouldBe(2);
        tuned.NoResetOnClose.ShouldBeTrue();
        (tuned.Host, tuned.Port, tuned.Database, tuned.Username).ShouldBe(("127.0.0.1", 5433, "matching", "postgres"));
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0;No Reset On Close=false;Auto Prepare Min Usages=5")]
    [InlineData("Host=db;maxautoprepare=0;NORESETONCLOSE=false;autoprepareminusages=5")]
    public void An_operators_own_choice_stands_whatever_its_spelling(string given)
    {
        var tuned = new NpgsqlConnectionStringBuilder(DatabaseConnection.WithDefaults(given));
        tuned.MaxAutoPrepare.ShouldBe(0);
        tuned.NoResetOnClose.ShouldBeFalse();
        tuned.AutoPrepareMinUsages.ShouldBe(5);
    }

    [Fact]
    public async Task A_connection_back_from_the_pool_is_not_reset_and_keeps_its_prepared_statement()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.CreateAsync("connection");
        await using var source = NpgsqlDataSource.Create(DatabaseConnection.WithDefaults(db.ConnectionString + ";Maximum Pool Size=1"));
        for (var i = 0; i < 3; i++)
        {
            await using var connection = await source.OpenConnectionAsync(ct);
            if (i == 0)
            {
                await using var set = new NpgsqlCommand("SELECT set_config('marketplace.probe', 'kept', false)", connection);
                await set.ExecuteScalarAsync(ct);
            }
            await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_prepared_statements", connection);
            var prepared = (long)(await command.ExecuteScalarAsync(ct))!;
            // A statement is prepared on its second use and stays prepared, since nothing resets the session: this count
            // (prepared from the second borrowing on), then the setting's read below too (from the third).
            prepared.ShouldBe(i, $"borrowing {i + 1}");
            await using var read = new NpgsqlCommand("SELECT current_setting('marketplace.probe', true)", connection);
            (await read.ExecuteScalarAsync(ct)).ShouldBe("kept", $"borrowing {i + 1}");
        }
    }
}
