/** The HIPAA Security Rule paragraphs (45 CFR Part 164) the pack's policies cite. */
export const HIPAA = {
  /** Access control: a mechanism to encrypt and decrypt ePHI (addressable). */
  encryptionAtRest: "164.312(a)(2)(iv)",
  /** Transmission security: encrypt ePHI whenever deemed appropriate (addressable). */
  transmissionEncryption: "164.312(e)(2)(ii)",
  /** Security management process: risk analysis and risk management. */
  riskManagement: "164.308(a)(1)(ii)",
  /** Keep the policies, procedures and decisions in written form (six years, 164.316(b)(2)). */
  documentation: "164.316(b)(1)",
} as const;

export type HipaaCitation = (typeof HIPAA)[keyof typeof HIPAA];

export const HIPAA_TITLES: Record<HipaaCitation, string> = {
  "164.312(a)(2)(iv)": "Encryption and decryption (access control)",
  "164.312(e)(2)(ii)": "Encryption (transmission security)",
  "164.308(a)(1)(ii)": "Risk analysis and risk management",
  "164.316(b)(1)": "Documentation of policies, procedures and decisions",
};
