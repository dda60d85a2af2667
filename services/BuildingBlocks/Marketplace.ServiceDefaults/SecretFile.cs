namespace Marketplace.ServiceDefaults;

/// <summary>
/// A local-development secret kept in a file that the first process to start creates (owner-only), for keys that
/// production passes in from a secret store instead.
/// </summary>
public static class SecretFile
{
    public static string ReadOrCreate(string path, Func<string> create)
    {
        if (Directory.Exists(path))
        {
            throw new InvalidOperationException($"The secret file setting names a folder ({path}), not a file.");
        }
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temp = $"{path}.{Guid.NewGuid():N}.tmp";
            try
            {
                File.WriteAllText(temp, create());
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }
                File.Move(temp, path, overwrite: false); // several processes may start at once: the first one wins
            }
            catch (IOException) when (File.Exists(path))
            {
            }
            finally
            {
                File.Delete(temp); // a secret never stays behind under a stray name
            }
        }
        return File.ReadAllText(path);
    }
}
