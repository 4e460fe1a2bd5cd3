import { parseAmount } from '../../wallet/amounts';
import { erc20Abi, formatUnits, getAddress, isHex, zeroAddress, zeroHash, type Address, type Hex } from 'viem';
import { CAMPAIGN_OPENED, CAMPAIGN_OUTCOME, CAMPAIGN_PLEDGED } from '../../chain/events';
import { campaignsAbi } from '../../chain/generated/abi';
import { getLogsRanged } from '../../chain/reads';
import { createIndexerClient } from '../../union/indexer';
import type { Caller, Handlers } from '../../protocol';
import { isStrictAddress, RequestError, type ChainHelpers, type FeatureContext } from '../context';
import type { TransactionResult } from '../wallet/protocol';
import { campaignsAddress, escalationRally } from './escalation';
import {
  CAMPAIGN_KINDS,
  CAMPAIGN_LIMITS,
  CAMPAIGN_STATUSES,
  type CampaignView,
  type campaignsProtocol,
  type UnionRecord,
} from './protocol';


const DAY = 86_400n;

type Unit = { symbol: string; decimals: number };

/** Campaigns: opened by the leader or an officer, backed and signed by members, escalated as rallies, decided with evidence. */
export function createCampaignsHandlers(ctx: FeatureContext, chain: ChainHelpers): Handlers<keyof typeof campaignsProtocol> {
  const units = new Map<Address, Promise<Unit>>();
  async function unitOf(token: Address): Promise<Unit> {
    if (token === zeroAddress) return { symbol: 'ETH', decimals: 18 };
    let unit = units.get(token);
    if (!unit) {
      const { client } = await ctx.connection();
      unit = Promise.all([
        client.readContract({ address: token, abi: erc20Abi, functionName: 'symbol' }),
        client.readContract({ address: token, abi: erc20Abi, functionName: 'decimals' }),
      ]).then(([symbol, decimals]) => ({ symbol, decimals }));
      unit.catch(() => units.delete(token));
      units.set(token, unit);
    }
    return unit;
  }

  async function contract() {
    const { config, client } = await ctx.connection();
    return { config, client, address: campaignsAddress(config) };
  }

  /** The union's campaigns as their opening and outcome events state them, oldest first. */
  async function history(unionId: number) {
    const { client, address } = await contract();
    const args = { unionId: BigInt(unionId) };
    const [opened, outcomes] = await Promise.all([
      getLogsRanged(client, { address, event: CAMPAIGN_OPENED, args }),
      getLogsRanged(client, { address, event: CAMPAIGN_OUTCOME, args }),
    ]);
    const outcomeOf = new Map(outcomes.map((log) => [log.args.campaignId!, log.args]));
    return opened.map((log) => ({ opener: log.args.opener!, terms: log.args.terms!, id: log.args.campaignId!, outcome: outcomeOf.get(log.args.campaignId!) }));
  }

  /** The record as the indexer keeps it: one read, whatever the union's history. */
  async function indexedRecord(url: string, unionId: number): Promise<UnionRecord> {
    const indexed = await createIndexerClient(url, ctx.fetchFn).campaignRecord(unionId);
    const { raised, ...counts } = indexed;
    const record: UnionRecord = { unionId, ...counts, ethRaised: '0', tokenRaised: null };
    for (const { token, amount } of raised) {
      if (token === zeroAddress) record.ethRaised = formatUnits(BigInt(amount), 18);
      else if (!record.tokenRaised) {
        const unit = await unitOf(getAddress(token));
        record.tokenRaised = { amount: formatUnits(BigInt(amount), unit.decimals), symbol: unit.symbol };
      }
    }
    return record;
  }

  async function unionRecord(unionId: number): Promise<UnionRecord> {
    const { config } = await ctx.connection();
    // The chain's logs answer when the indexer does not.
    if (config.indexerUrl) {
      const indexed = await indexedRecord(config.indexerUrl, unionId).catch(() => null);
      if (indexed) return indexed;
    }
    return foldedRecord(unionId);
  }

  async function foldedRecord(unionId: number): Promise<UnionRecord> {
    const { client, address } = await contract();
    const campaigns = await history(unionId);
    const record: UnionRecord = { unionId, won: 0, partlyWon: 0, lost: 0, withdrawn: 0, open: 0, ethRaised: '0', tokenRaised: null, backers: 0 };
    if (campaigns.length === 0) return record;
    const pledges = await getLogsRanged(client, { address, event: CAMPAIGN_PLEDGED, args: { campaignId: campaigns.map((c) => c.id) } });
    const raised = new Map<bigint, bigint>();
    for (const log of pledges) raised.set(log.args.campaignId!, (raised.get(log.args.campaignId!) ?? 0n) + log.args.amount!);
    record.backers = new Set(pledges.map((log) => log.args.backer)).size;
    let eth = 0n;
    const tokens = new Map<Address, bigint>();
    for (const c of campaigns) {
      const status = CAMPAIGN_STATUSES[c.outcome?.status ?? 0] ?? 'open';
      if (status === 'won') record.won++;
      else if (status === 'partly-won') record.partlyWon++;
      else if (status === 'lost') record.lost++;
      else if (status === 'withdrawn') record.withdrawn++;
      else record.open++;
      const total = raised.get(c.id) ?? 0n;
      // Refunds are impossible once a campaign succeeded, so what was pledged is what was raised.
      const succeeded = (status === 'won' || status === 'partly-won') && c.terms.goal > 0n && total >= c.terms.goal;
      if (!succeeded) continue;
      if (c.terms.token === zeroAddress) eth += total;
      else tokens.set(c.terms.token, (tokens.get(c.terms.token) ?? 0n) + total);
    }
    record.ethRaised = formatUnits(eth, 18);
    const [token] = [...tokens.entries()];
    if (token) {
      const unit = await unitOf(token[0]);
      record.tokenRaised = { amount: formatUnits(token[1], unit.decimals), symbol: unit.symbol };
    }
    return record;
  }

  async function campaignsOf(unionId: number, me: Address | null): Promise<CampaignView[]> {
    const { config, client, address } = await contract();
    const campaigns = await history(unionId);
    const on = { address, abi: campaignsAbi } as const;
    const reads = await client.multicall({
      contracts: campaigns.flatMap((c) => [
        { ...on, functionName: 'getCampaign', args: [c.id] },
        { ...on, functionName: 'refundable', args: [c.id] },
        { ...on, functionName: 'pledgeOf', args: [c.id, me ?? zeroAddress] },
        { ...on, functionName: 'hasSigned', args: [c.id, me ?? zeroAddress] },
      ] as const),
      multicallAddress: config.multicall3,
      allowFailure: false,
    });
    const views = await Promise.all(
      campaigns.map(async (c, i) => {
        const [state, refundable, myPledge, signed] = reads.slice(i * 4, i * 4 + 4) as [
          { step: number; status: number; signatures: number; backers: number; paidOut: boolean; raised: bigint; demandHash: Hex },
          boolean,
          bigint,
          boolean,
        ];
        const unit = await unitOf(c.terms.token);
        return {
          campaignId: Number(c.id),
          unionId,
          kind: CAMPAIGN_KINDS[c.terms.kind] ?? 'other',
          opener: c.opener,
          targetName: c.terms.targetName,
          targetUri: c.terms.targetUri,
          demand: c.terms.demand,
          demandHash: state.demandHash,
          steps: [...c.terms.steps],
          step: state.step,
          symbol: unit.symbol,
          goal: formatUnits(c.terms.goal, unit.decimals),
          raised: formatUnits(state.raised, unit.decimals),
          payee: c.terms.payee === zeroAddress ? null : c.terms.payee,
          deadline: Number(c.terms.deadline),
          status: CAMPAIGN_STATUSES[state.status] ?? 'open',
          evidenceUri: c.outcome?.evidenceUri ?? '',
          documentHash: c.outcome && c.outcome.documentHash !== zeroHash ? c.outcome.documentHash! : null,
          signatures: state.signatures,
          backers: state.backers,
          paidOut: state.paidOut,
          refundable,
          myPledge: formatUnits(myPledge, unit.decimals),
          signed,
        } satisfies CampaignView;
      }),
    );
    return views.reverse();
  }

  async function campaign(campaignId: number) {
    const { client, address } = await contract();
    const state = await client.readContract({ address, abi: campaignsAbi, functionName: 'getCampaign', args: [BigInt(campaignId)] });
    return { state, unit: await unitOf(state.token) };
  }

  async function send(caller: Caller, functionName: string, args: readonly unknown[], summary: string, value?: bigint): Promise<TransactionResult> {
    const { address } = await contract();
    return chain.send(caller, { abi: campaignsAbi, contractName: 'Campaigns', address, functionName, args, summary, value });
  }

  return {
    async unionCampaigns({ unionId }) {
      const me = await ctx.keeper.address();
      const [union, token, role, now, campaigns, record] = await Promise.all([
        chain.read('getUnion', [BigInt(unionId)]),
        chain.unionTokenOf(unionId),
        me ? chain.roleOf(unionId, me) : Promise.resolve('none' as const),
        chain.chainTime(),
        campaignsOf(unionId, me),
        unionRecord(unionId),
      ]);
      const [leader, name, , , size] = union;
      return {
        union: { unionId, name, leader, size: Number(size), token: token && { symbol: token.symbol } },
        me,
        role,
        now: Number(now),
        campaigns,
        record,
      };
    },

    async openCampaign(request, caller) {
      const me = (await ctx.keeper.account()).address;
      const { client, address } = await contract();
      const token = request.currency === 'token' ? await chain.unionTokenOf(request.unionId) : null;
      if (request.currency === 'token' && !token) throw new RequestError('This union has no token: raise ETH instead.');
      const goalText = request.goal.trim();
      const goal = goalText ? parseAmount(goalText, token?.decimals ?? 18) : 0n;
      const payeeText = request.payee.trim();
      if (payeeText && !isStrictAddress(payeeText)) throw new RequestError('The payee is an address: 0x and 40 hexadecimal characters, with a correct checksum.');
      const payee = goal === 0n ? zeroAddress : ((payeeText as Address) || me);
      if (request.days < 1 || request.days > CAMPAIGN_LIMITS.days) throw new RequestError('A campaign runs for 1 day to a year.');
      const steps = request.steps.map((s) => s.trim()).filter(Boolean);
      if (steps.length === 0) throw new RequestError('Name at least one step of the escalation ladder, e.g. "Letter".');
      const deadline = (await chain.chainTime()) + BigInt(request.days) * DAY;
      const terms = {
        unionId: BigInt(request.unionId),
        kind: CAMPAIGN_KINDS.indexOf(request.kind),
        targetName: request.targetName.trim(),
        targetUri: request.targetUri.trim(),
        demand: request.demand.trim(),
        token: token?.address ?? zeroAddress,
        goal,
        payee,
        deadline,
        steps,
      };
      const funding = goal === 0n ? 'no funding goal' : `goal ${formatUnits(goal, token?.decimals ?? 18)} ${token?.symbol ?? 'ETH'}`;
      const result = await send(caller, 'open', [terms], `Open a campaign against ${terms.targetName} (${funding})`);
      const receipt = await client.getTransactionReceipt({ hash: result.hash });
      const campaignId = receipt.logs
        .filter((log) => log.address.toLowerCase() === address.toLowerCase())
        .map((log) => BigInt(log.topics[1] ?? 0))
        .find((id) => id > 0n);
      return { ...result, campaignId: Number(campaignId ?? 0n) };
    },

    async pledgeCampaign({ campaignId, amount: text }, caller) {
      const { state, unit } = await campaign(campaignId);
      const amount = parseAmount(text, unit.decimals);
      const label = `${formatUnits(amount, unit.decimals)} ${unit.symbol}`;
      if (state.token === zeroAddress) return send(caller, 'pledge', [BigInt(campaignId)], `Pledge ${label} to campaign #${campaignId} (held in escrow)`, amount);
      const { client, address } = await contract();
      const me = (await ctx.keeper.account()).address;
      const allowance = await client.readContract({ address: state.token, abi: erc20Abi, functionName: 'allowance', args: [me, address] });
      if (allowance < amount) {
        // The escrow moves only what the member approves, and only this much.
        await chain.send(caller, {
          abi: erc20Abi,
          contractName: unit.symbol,
          address: state.token,
          functionName: 'approve',
          args: [address, amount],
          summary: `Allow the Campaigns escrow to take ${label} for this pledge`,
        });
      }
      return send(caller, 'pledgeToken', [BigInt(campaignId), amount], `Pledge ${label} to campaign #${campaignId} (held in escrow)`);
    },

    async signCampaign({ campaignId }, caller) {
      return send(caller, 'sign', [BigInt(campaignId)], `Sign campaign #${campaignId} in support`);
    },

    async escalateCampaign({ campaignId }, caller) {
      const { client, address } = await contract();
      const { state } = await campaign(campaignId);
      const [opened] = await getLogsRanged(client, { address, event: CAMPAIGN_OPENED, args: { campaignId: BigInt(campaignId), unionId: state.unionId } });
      if (!opened) throw new RequestError(`Campaign #${campaignId} has no opening record on this chain.`);
      const terms = opened.args.terms!;
      const next = state.step + 1;
      const stepName = terms.steps[next];
      if (stepName === undefined) throw new RequestError('The campaign is already at the last step of its ladder.');
      const escalation = await send(caller, 'escalate', [BigInt(campaignId)], `Move campaign #${campaignId} to step ${next + 1} of ${terms.steps.length}: ${stepName}`);
      // Members hear of it through the rally machinery (notification, "I did it", counts).
      const { text, uri, deadline } = escalationRally({ campaignId: BigInt(campaignId), terms, step: next, campaignDeadline: BigInt(state.deadline), now: await chain.chainTime() });
      const rally = await chain.transact(caller, 'postRally', [state.unionId, text, uri, deadline], `Tell the members: campaign #${campaignId} moves to "${stepName}"`);
      return { escalation, rally };
    },

    async recordCampaignOutcome({ campaignId, outcome, evidenceUri, documentHash }, caller) {
      const hash = documentHash.trim();
      if (hash && !(isHex(hash) && hash.length === 66)) throw new RequestError('The document hash is 0x and 64 hexadecimal characters (a SHA-256), or empty.');
      const status = CAMPAIGN_STATUSES.indexOf(outcome);
      const words = { won: 'won', 'partly-won': 'partly won', lost: 'lost', withdrawn: 'withdrawn' }[outcome];
      return send(caller, 'recordOutcome', [BigInt(campaignId), status, evidenceUri.trim(), (hash || zeroHash) as Hex], `Record campaign #${campaignId} as ${words}`);
    },

    async payoutCampaign({ campaignId }, caller) {
      const { state, unit } = await campaign(campaignId);
      return send(caller, 'payout', [BigInt(campaignId)], `Pay ${formatUnits(state.raised, unit.decimals)} ${unit.symbol} raised by campaign #${campaignId} to its payee`);
    },

    async refundCampaign({ campaignId }, caller) {
      const { unit } = await campaign(campaignId);
      const { client, address } = await contract();
      const me = (await ctx.keeper.account()).address;
      const mine = await client.readContract({ address, abi: campaignsAbi, functionName: 'pledgeOf', args: [BigInt(campaignId), me] });
      return send(caller, 'refund', [BigInt(campaignId)], `Take back your pledge of ${formatUnits(mine, unit.decimals)} ${unit.symbol} from campaign #${campaignId}`);
    },

    unionRecord({ unionId }) {
      return ctx.remember(`campaign-record:${unionId}`, () => unionRecord(unionId));
    },
  };
}

