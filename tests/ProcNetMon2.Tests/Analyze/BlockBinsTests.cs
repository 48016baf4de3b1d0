using ProcNetMon2.Analyze;

namespace ProcNetMon2.Tests.Analyze;

public sealed class BlockBinsTests
{
    [Fact]
    public void Blocks_of_cells_add_to_their_series_as_adding_each_event_would()
    {
        var random = new Random(11);
        // More series than the table's first rows hold: it widens part way through a block.
        var viaCells = Enumerable.Range(0, 40).Select(_ => new BinSeries()).ToArray();
        var direct = Enumerable.Range(0, 40).Select(_ => new BinSeries()).ToArray();
        var blockBins = new BlockBins();
        int[] columns = new int[viaCells.Length];
        Array.Fill(columns, -1);
        long firstBin = -40;
        for (int block = 0; block < 30; block++)
        {
            int width = random.Next(1, BlockBins.MaxBins + 1);
            blockBins.Start(firstBin, width);
            for (int i = 0; i < 200; i++)
            {
                // Series join part way through the blocks, as a scan meets new groups.
                int series = random.Next(Math.Min(viaCells.Length, 1 + 2 * block));
                if (columns[series] < 0)
                    columns[series] = blockBins.ColumnOf(viaCells[series]);
                int bin = random.Next(width), direction = random.Next(2);
                long bytes = random.Next(1, 10_000);
                int cells = blockBins.CellsOf(columns[series]); // first: it may replace the table
                blockBins.Cells[bin * blockBins.RowLength + cells + direction] += bytes;
                direct[series].Add(firstBin + bin, direction, bytes);
            }
            blockBins.Flush();
            firstBin += width - random.Next(2); // the next block may start in this one's last bin
        }

        for (int series = 0; series < viaCells.Length; series++)
            Assert.Equal(direct[series].NonEmpty().ToList(), viaCells[series].NonEmpty().ToList());
    }

    [Fact]
    public void A_series_keeps_its_column_and_every_cell_is_zero_after_a_flush()
    {
        var blockBins = new BlockBins();
        var a = new BinSeries();
        var b = new BinSeries();
        int columnA = blockBins.ColumnOf(a), columnB = blockBins.ColumnOf(b);
        blockBins.Start(0, 4);
        int cellsOfB = blockBins.CellsOf(columnB);
        blockBins.Cells[3 * blockBins.RowLength + cellsOfB + 1] += 7;

        blockBins.Flush();

        Assert.Equal((0, 1), (columnA, columnB));
        Assert.Equal(columnA, blockBins.ColumnOf(a));
        Assert.Equal([(3L, 0L, 7L)], b.NonEmpty().ToList());
        Assert.Empty(a.NonEmpty());
        Assert.All(blockBins.Cells.ToArray(), cell => Assert.Equal(0, cell));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(BlockBins.MaxBins + 1)]
    public void A_block_of_no_bins_or_too_many_is_refused(int bins)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BlockBins().Start(0, bins));
    }
}
