using Xunit;

// Every recording sees every process on the machine: tests run one at a time so one test's
// traffic never loads another's ring buffer.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
