// Preloaded by bench/run.js (`node -r`) into every process it times: at exit, this process's own
// CPU time (user + system) and peak resident memory go to the file named in ARCHCOST_BENCH_USAGE.
const { writeFileSync } = require('node:fs');

process.on('exit', () => {
  const usage = process.resourceUsage();
  const cpu = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
  writeFileSync(process.env.ARCHCOST_BENCH_USAGE, JSON.stringify({ cpu, rss: usage.maxRSS * 1024 }));
});
