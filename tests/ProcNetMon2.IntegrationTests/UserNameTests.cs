using Xunit;

namespace ProcNetMon2.IntegrationTests;

public sealed class UserNameTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [RootFact]
    public void A_process_of_a_user_added_while_recording_is_recorded_with_the_user_name()
    {
        string user = "pnm-test-" + Guid.NewGuid().ToString("N")[..8];
        using var session = RecordingSession.Start();
        // Added after the recorder started: it must read the user database again to find the name.
        ChildProcess.RunOrFail("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", user);
        try
        {
            int uid = int.Parse(ChildProcess.Run(Timeout, "id", "-u", user).Stdout);
            using var server = Traffic.StartServer("tcp-server", "4", "3000", out string port);
            var (code, stdout, stderr) = ChildProcess.Run(Timeout, "setpriv", $"--reuid={user}", $"--regid={user}", "--clear-groups",
                TestPaths.TrafficGen, "tcp-client", "4", port, "20000");
            Assert.True(code == 0, $"pnm-trafficgen as {user} failed ({code}): {stderr}");
            var client = Traffic.Parse(stdout);
            Traffic.Finish(server);
            session.Stop();

            using var db = new RecordingDatabase(session.Path);
            var row = db.Single<(long Uid, string? UserName)>(
                "SELECT uid, user_name FROM processes WHERE pid = @pid AND comm = 'pnm-trafficgen'", new { pid = client.Pid });
            Assert.Equal((uid, user), (row.Uid, row.UserName));
            Assert.Equal(client.Sent, db.Scalar<long>("""
                SELECT SUM(e.bytes) FROM events e JOIN processes p USING (process_id)
                WHERE p.user_name = @user AND e.direction = 0
                """, new { user }));
        }
        finally
        {
            ChildProcess.RunOrFail("userdel", user);
        }
    }
}
