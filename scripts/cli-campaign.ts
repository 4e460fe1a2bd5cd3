/**
 * `npx union campaign …`: a union's campaigns from the command line (open, pledge, sign,
 * escalate, outcome, payout, refund, show). Escalating also posts the step to members as a rally,
 * as the extension does.
 */
import { erc20Abi, formatUnits, isAddress, isHex, parseUnits, zeroAddress, zeroHash, type Address, type Hex, type PublicClient } from 'viem';
import type { LocalAccount } from 'viem/accounts';
import { CAMPAIGN_OPENED, CAMPAIGN_PLEDGED } from '../lib/chain/events';
import { campaignsAbi } from '../lib/chain/generated/abi';
import { getLogsRanged, readRegistry } from '../lib/chain/reads';
import { writeRegistry } from '../lib/chain/write';
import type { ChainConfig } from '../lib/config';
import { campaignsAddress, escalationRally } from '../lib/features/campaigns/escalation';
import { CAMPAIGN_KINDS, CAMPAIGN_OUTCOMES, CAMPAIGN_STATUSES } from '../lib/features/campaigns/protocol';
import { writerFor } from './deploy';

export const CAMPAIGN_USAGE = `  campaign open --union ID --target NAME [--target-url URL] --demand TEXT --step S [--step S …]
           [--kind bulk-purchase|reinstatement|job|other] [--goal AMOUNT [--token] [--payee ADDR]] [--days N]
                                                             (leader/officer) open a campaign
  campaign pledge ID --amount AMOUNT                         pledge ETH (or the union token) into escrow
  campaign sign ID                                           sign in support (members, once)
  campaign escalate ID                                       (leader/officer) next step, posted as a rally
  campaign outcome ID --outcome won|partly-won|lost|withdrawn [--evidence URL] [--document 0x…]
  campaign payout ID                                         pay the payee after a win with the goal met
  campaign refund ID                                         take your pledge back when refunds are open
  campaign show ID | --union ID                              a campaign, or a union's campaigns and record`;

export interface CampaignOptions {
  union?: string;
  target?: string;
  'target-url'?: string;
  demand?: string;
  step?: string[];
  kind?: string;
  goal?: string;
  token?: boolean;
  payee?: string;
  days?: string;
  amount?: string;
  outcome?: string;
  evidence?: string;
  document?: string;
}

interface Cli {
  config: ChainConfig;
  client: PublicClient;
  options: CampaignOptions;
  signer: () => LocalAccount;
  print: (human: string, json: unknown) => void;
  usage: (message: string) => Error;
}

const DAY = 86_400n;

export async function runCampaign(sub: string | undefined, idText: string | undefined, cli: Cli): Promise<void> {
  const { config, client, options, print, usage } = cli;
  const address = campaignsAddress(config);
  const code = await client.getCode({ address });
  if (!code || code === '0x') throw new Error(`There is no Campaigns contract at ${address} on this chain.`);
  const on = { address, abi: campaignsAbi } as const;

  const id = () => {
    if (!idText || !/^[1-9]\d*$/.test(idText)) throw usage(`campaign ${sub} needs a campaign id (1, 2, …).`);
    return BigInt(idText);
  };
  const unit = async (token: Address) =>
    token === zeroAddress
      ? { symbol: 'ETH', decimals: 18 }
      : {
          symbol: await client.readContract({ address: token, abi: erc20Abi, functionName: 'symbol' }),
          decimals: await client.readContract({ address: token, abi: erc20Abi, functionName: 'decimals' }),
        };
  const amount = (text: string | undefined, decimals: number, what: string) => {
    if (!text || !/^\d{1,18}(\.\d+)?$/.test(text) || (text.split('.')[1] ?? '').length > decimals) throw usage(`${what} is a positive amount, e.g. 0.5.`);
    const units = parseUnits(text, decimals);
    if (units === 0n) throw usage(`${what} must be more than zero.`);
    return units;
  };
  /** Simulates (so a refusal is the contract's own error), sends, waits. */
  const write = async (functionName: string, args: readonly unknown[], value?: bigint) => {
    const writer = writerFor(config, cli.signer());
    const { request } = await writer.public.simulateContract({ account: writer.wallet.account, ...on, functionName, args, value } as never);
    const hash = await writer.wallet.writeContract(request as never);
    const receipt = await writer.public.waitForTransactionReceipt({ hash, pollingInterval: 50 });
    if (receipt.status !== 'success') throw new Error(`Transaction ${hash} reverted in block ${receipt.blockNumber}.`);
    return { hash, from: writer.wallet.account.address, receipt };
  };
  const termsOf = async (campaignId: bigint) => {
    const [opened] = await getLogsRanged(client, { address, event: CAMPAIGN_OPENED, args: { campaignId } });
    if (!opened) throw new Error(`There is no campaign #${campaignId}.`);
    return opened.args.terms!;
  };

  switch (sub) {
    case 'open': {
      if (!options.union || !/^[1-9]\d*$/.test(options.union)) throw usage('--union is a union id (1, 2, …).');
      const unionId = BigInt(options.union);
      if (!options.target) throw usage('campaign open needs --target NAME (who the demand is addressed to).');
      if (!options.demand) throw usage('campaign open needs --demand TEXT.');
      if (!options.step?.length) throw usage('campaign open needs the escalation ladder: --step Letter --step Boycott …');
      const kind = CAMPAIGN_KINDS.indexOf((options.kind ?? 'other') as never);
      if (kind < 0) throw usage(`--kind is one of ${CAMPAIGN_KINDS.join(', ')}.`);
      const token = options.token ? await readRegistry(client, config, 'unionToken', [unionId]) : zeroAddress;
      if (options.token && token === zeroAddress) throw new Error(`Union #${unionId} has no token: raise ETH instead.`);
      const { decimals, symbol } = await unit(token);
      const goal = options.goal ? amount(options.goal, decimals, '--goal') : 0n;
      if (options.payee && !isAddress(options.payee, { strict: true })) throw usage('--payee is an address with a valid checksum.');
      const payee = goal === 0n ? zeroAddress : ((options.payee as Address | undefined) ?? cli.signer().address);
      const days = BigInt(options.days ?? '30');
      const now = (await client.getBlock()).timestamp;
      const terms = {
        unionId,
        kind,
        targetName: options.target,
        targetUri: options['target-url'] ?? '',
        demand: options.demand,
        token,
        goal,
        payee,
        deadline: now + days * DAY,
        steps: options.step,
      };
      const tx = await write('open', [terms]);
      const campaignId = BigInt(tx.receipt.logs.find((l) => l.address.toLowerCase() === address.toLowerCase())?.topics[1] ?? 0);
      const funding = goal ? `, goal ${formatUnits(goal, decimals)} ${symbol} to ${payee}` : '';
      return print(`Opened campaign #${campaignId} against ${options.target}${funding}. tx ${tx.hash}`, { campaignId, unionId, hash: tx.hash, from: tx.from, goal, token, payee, deadline: terms.deadline });
    }
    case 'pledge': {
      const campaignId = id();
      const state = await client.readContract({ ...on, functionName: 'getCampaign', args: [campaignId] });
      const { decimals, symbol } = await unit(state.token);
      const units = amount(options.amount, decimals, '--amount');
      if (state.token !== zeroAddress) {
        const writer = writerFor(config, cli.signer());
        const approval = await writer.wallet.writeContract({ address: state.token, abi: erc20Abi, functionName: 'approve', args: [address, units], chain: writer.wallet.chain });
        await writer.public.waitForTransactionReceipt({ hash: approval, pollingInterval: 50 });
      }
      const tx = state.token === zeroAddress ? await write('pledge', [campaignId], units) : await write('pledgeToken', [campaignId, units]);
      return print(`${tx.from} pledged ${formatUnits(units, decimals)} ${symbol} to campaign #${campaignId}. tx ${tx.hash}`, { campaignId, amount: units, symbol, hash: tx.hash, from: tx.from });
    }
    case 'sign': {
      const tx = await write('sign', [id()]);
      return print(`${tx.from} signed campaign #${idText}. tx ${tx.hash}`, { campaignId: id(), hash: tx.hash, from: tx.from });
    }
    case 'escalate': {
      const campaignId = id();
      const [state, terms] = await Promise.all([client.readContract({ ...on, functionName: 'getCampaign', args: [campaignId] }), termsOf(campaignId)]);
      const next = state.step + 1;
      const stepName = terms.steps[next] ?? '';
      const tx = await write('escalate', [campaignId]);
      const rallyTerms = escalationRally({ campaignId, terms, step: next, campaignDeadline: BigInt(state.deadline), now: (await client.getBlock()).timestamp });
      const rally = await writeRegistry(writerFor(config, cli.signer()), 'postRally', [state.unionId, rallyTerms.text, rallyTerms.uri, rallyTerms.deadline]);
      return print(`Campaign #${campaignId} is at step ${next + 1} of ${terms.steps.length}: ${stepName}. Members were sent a rally. tx ${tx.hash}, rally tx ${rally.hash}`, { campaignId, step: next, stepName, hash: tx.hash, rallyHash: rally.hash });
    }
    case 'outcome': {
      const campaignId = id();
      const outcome = options.outcome as (typeof CAMPAIGN_OUTCOMES)[number];
      if (!CAMPAIGN_OUTCOMES.includes(outcome)) throw usage(`--outcome is one of ${CAMPAIGN_OUTCOMES.join(', ')}.`);
      if (options.document && !(isHex(options.document) && options.document.length === 66)) throw usage('--document is a SHA-256: 0x and 64 hexadecimal characters.');
      const tx = await write('recordOutcome', [campaignId, CAMPAIGN_STATUSES.indexOf(outcome), options.evidence ?? '', (options.document ?? zeroHash) as Hex]);
      return print(`Campaign #${campaignId}: ${outcome}. tx ${tx.hash}`, { campaignId, outcome, hash: tx.hash });
    }
    case 'payout':
    case 'refund': {
      const campaignId = id();
      const state = await client.readContract({ ...on, functionName: 'getCampaign', args: [campaignId] });
      const { decimals, symbol } = await unit(state.token);
      const mine = sub === 'refund' ? await client.readContract({ ...on, functionName: 'pledgeOf', args: [campaignId, cli.signer().address] }) : state.raised;
      const tx = await write(sub, [campaignId]);
      const human = sub === 'refund' ? `${tx.from} took back ${formatUnits(mine, decimals)} ${symbol}` : `Paid ${formatUnits(mine, decimals)} ${symbol} to ${state.payee}`;
      return print(`${human} (campaign #${campaignId}). tx ${tx.hash}`, { campaignId, amount: mine, symbol, hash: tx.hash });
    }
    case 'show': {
      if (!idText) return showUnion();
      const campaignId = id();
      const [state, terms, refundable] = await Promise.all([
        client.readContract({ ...on, functionName: 'getCampaign', args: [campaignId] }),
        termsOf(campaignId),
        client.readContract({ ...on, functionName: 'refundable', args: [campaignId] }),
      ]);
      const { decimals, symbol } = await unit(state.token);
      const [, , , , size] = await readRegistry(client, config, 'getUnion', [state.unionId]);
      const status = CAMPAIGN_STATUSES[state.status] ?? 'open';
      const shown = {
        campaignId,
        unionId: state.unionId,
        kind: CAMPAIGN_KINDS[terms.kind],
        target: terms.targetName,
        targetUrl: terms.targetUri,
        demand: terms.demand,
        steps: terms.steps,
        step: state.step,
        status,
        raised: formatUnits(state.raised, decimals),
        goal: formatUnits(state.goal, decimals),
        symbol,
        backers: state.backers,
        signatures: state.signatures,
        members: size,
        deadline: new Date(Number(state.deadline) * 1000).toISOString(),
        paidOut: state.paidOut,
        refundable,
      };
      return print(
        [
          `Campaign #${campaignId} (union #${state.unionId}, ${shown.kind}) against ${terms.targetName}: ${status}`,
          `  demand: ${terms.demand}`,
          `  step ${state.step + 1} of ${terms.steps.length}: ${terms.steps[state.step]}`,
          state.goal ? `  raised ${shown.raised} of ${shown.goal} ${symbol} from ${state.backers} backers${state.paidOut ? ', paid out' : ''}${refundable ? ', refunds open' : ''}` : '  no funding goal',
          `  signed by ${state.signatures} of ${size} members; deadline ${shown.deadline}`,
        ].join('\n'),
        shown,
      );
    }
    default:
      throw usage(`Unknown campaign command "${sub ?? ''}".\n\n${CAMPAIGN_USAGE}`);
  }

  async function showUnion() {
    if (!options.union || !/^[1-9]\d*$/.test(options.union)) throw usage('campaign show needs a campaign id, or --union ID.');
    const unionId = BigInt(options.union);
    const opened = await getLogsRanged(client, { address, event: CAMPAIGN_OPENED, args: { unionId } });
    const campaigns = await Promise.all(
      opened.map(async (log) => {
        const state = await client.readContract({ ...on, functionName: 'getCampaign', args: [log.args.campaignId!] });
        return { campaignId: log.args.campaignId!, target: log.args.terms!.targetName, status: CAMPAIGN_STATUSES[state.status] ?? 'open', state };
      }),
    );
    const ids = campaigns.map((c) => c.campaignId);
    const pledges = ids.length ? await getLogsRanged(client, { address, event: CAMPAIGN_PLEDGED, args: { campaignId: ids } }) : [];
    const count = (status: string) => campaigns.filter((c) => c.status === status).length;
    const ethRaised = campaigns
      .filter((c) => (c.status === 'won' || c.status === 'partly-won') && c.state.token === zeroAddress && c.state.goal > 0n && c.state.raised >= c.state.goal)
      .reduce((sum, c) => sum + c.state.raised, 0n);
    const record = { won: count('won'), partlyWon: count('partly-won'), lost: count('lost'), withdrawn: count('withdrawn'), open: count('open'), ethRaised: formatUnits(ethRaised, 18), backers: new Set(pledges.map((p) => p.args.backer)).size };
    const lines = [
      `Union #${unionId}: ${record.won} won, ${record.partlyWon} partly won, ${record.lost} lost, ${record.withdrawn} withdrawn, ${record.open} open; ${record.ethRaised} ETH raised; ${record.backers} backers`,
      ...campaigns.map((c) => `  #${c.campaignId} ${c.target}: ${c.status}`),
    ];
    print(lines.join('\n'), { unionId, record, campaigns: campaigns.map(({ campaignId, target, status }) => ({ campaignId, target, status })) });
  }
}
