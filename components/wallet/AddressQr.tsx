import { useMemo } from 'preact/hooks';
import { encode } from 'uqr';

/** The address as a QR code (an EIP-681 `ethereum:` link on its chain), drawn as one SVG path. */
export function AddressQr({ address, chainId }: { address: string; chainId: number }) {
  const { path, size } = useMemo(() => {
    const qr = encode(`ethereum:${address}@${chainId}`, { border: 2 });
    let d = '';
    qr.data.forEach((row, y) => row.forEach((dark, x) => dark && (d += `M${x} ${y}h1v1h-1z`)));
    return { path: d, size: qr.size };
  }, [address, chainId]);
  return (
    <svg class="qr" data-testid="receive-qr" viewBox={`0 0 ${size} ${size}`} role="img" aria-label={`QR code of ${address}`} shape-rendering="crispEdges">
      <rect width={size} height={size} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
